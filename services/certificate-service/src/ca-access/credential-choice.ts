import { X509Certificate } from 'node:crypto';
import { parseCertificatePem } from '../certificates/register-certificate/certificate-pem.parser';
import type { OfferedCredential as OfferedCredentialAnswer } from '@signstash/api';
import type { OfferedCredential } from './ca-authorization.store';

/** A credential offered for registration, described from its certificate as the CA returned it (the return's answer). */
export type CredentialChoice = OfferedCredentialAnswer;

/** What the operator reads to pick a credential: from its certificate (signer first) as the CA returned it. */
/**
 * A credential Sign'Stash can sign documents with: one whose certificate is not a CA's own (a CA's
 * CSC API may list the key of its CA certificate among the credentials, as the Local test CA does).
 */
export const signsDocuments = (credential: OfferedCredential): boolean =>
  credential.certificates.length > 0 && !new X509Certificate(credential.certificates[0]).ca;

export function describeCredential(credential: OfferedCredential): CredentialChoice {
  const { subject, issuingCa, validFrom, validTo, fingerprintSha256 } = parseCertificatePem(credential.certificates[0]);
  return {
    credentialId: credential.credentialId,
    ...(credential.description ? { description: credential.description } : {}),
    subject,
    issuingCa,
    validFrom,
    validTo,
    fingerprintSha256,
  };
}
