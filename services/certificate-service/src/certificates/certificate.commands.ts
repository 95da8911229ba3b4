/** The certificate's commands: what an operator or the scheduler asks of one certificate. */
import type { Issued } from '@signstash/contracts';
import type { CertificateFacts, CertificateStatus } from './certificate.aggregate';

/**
 * An access granted at a configured CA at the command's instant: the CA's rules give its end
 * (`periodDays`) and the signature limit recorded with it.
 */
export interface CaGrantTerms {
  kind: 'ca';
  ca: string;
  caName: string;
  credentialId: string;
  periodDays: number;
  signatureLimit: number;
}
/** An access recorded by hand for a CA without a CSC API (the PEM form): its name and dates as given. */
export interface ManualAccessTerms {
  kind: 'manual';
  caName: string;
  credentialId: string;
  grantedAt: string;
  expiresAt: string;
}
export type AccessTerms = CaGrantTerms | ManualAccessTerms;

export type RegisterCertificate = {
  type: 'RegisterCertificate';
  data: Issued & {
    certificateId: string;
    alias: string;
    description: string;
    /** Parsed outside the domain (node:crypto) from the PEM the CA returned or the operator uploaded. */
    certificate: CertificateFacts;
    access: AccessTerms;
  };
};
export type ChangeCertificateDetails = {
  type: 'ChangeCertificateDetails';
  data: Issued & { alias?: string; description?: string };
};
export type ChangeCertificateStatus = {
  type: 'ChangeCertificateStatus';
  data: Issued & { status: CertificateStatus; reason: string };
};
/** A renewal: a new grant at the certificate's CA, or, for a manual access, the new dates as given. */
export type RenewAccess = {
  type: 'RenewAccess';
  data: Issued & {
    access: AccessTerms;
    /** The operator confirmed a new expiration earlier than the current one (manual accesses). */
    confirmEarlierExpiry?: boolean;
  };
};
export type IssueAccessExpiryWarning = {
  type: 'IssueAccessExpiryWarning';
  data: Issued & { thresholdsDays: number[] };
};
export type ExpireAccess = { type: 'ExpireAccess'; data: Issued };
/**
 * The signatures counted (outside the stream) since a grant, from the signing side's reports: a
 * usage warning past the ratio (once on crossing, then at most daily), the end of the access at the
 * limit. A count for an earlier grant than the current one changes nothing.
 */
export type CheckSignatureUsage = {
  type: 'CheckSignatureUsage';
  data: Issued & { grantedAt: string; signatures: number };
};

export type CertificateCommand =
  | RegisterCertificate
  | ChangeCertificateDetails
  | ChangeCertificateStatus
  | RenewAccess
  | IssueAccessExpiryWarning
  | ExpireAccess
  | CheckSignatureUsage;
