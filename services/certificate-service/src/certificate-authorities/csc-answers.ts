import { X509Certificate } from 'node:crypto';
import { CaUnavailableError } from './ca-errors';

/** A credential at the CA as Sign'Stash shows it for picking and registers it. */
export interface CaCredential {
  credentialId: string;
  /** PEM, the signer's certificate first, then its issuers as the CA returned them. */
  certificates: string[];
  /** The CA's word on the certificate (CSC `cert.status`: valid, expired, revoked, suspended), when it gives it. */
  status?: string;
  /** ISO 8601: the CA's `cert.validFrom`/`validTo` when given, else read from the signer's certificate. */
  validFrom?: string;
  validTo?: string;
  description?: string;
}

interface CredentialInfoAnswer {
  description?: unknown;
  cert?: { status?: unknown; certificates?: unknown; validFrom?: unknown; validTo?: unknown };
}

const pem = (base64Der: string) =>
  `-----BEGIN CERTIFICATE-----\n${base64Der
    .replace(/\s+/g, '')
    .match(/.{1,64}/g)
    ?.join('\n')}\n-----END CERTIFICATE-----\n`;

/** CSC dates are GeneralizedTime (`YYYYMMDDHHMMSSZ`, RFC 5280). */
export function generalizedTimeToIso(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(value.trim());
  if (!match) return undefined;
  const [, year, month, day, hours, minutes, seconds] = match;
  const date = new Date(`${year}-${month}-${day}T${hours}:${minutes}:${seconds}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** `credentials/list`, v1 and v2 alike: `credentialIDs` (v2 may add `credentialInfos`, not asked for). */
export function credentialIdsOf(caId: string, answer: unknown): string[] {
  const ids = (answer as { credentialIDs?: unknown } | null)?.credentialIDs;
  if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) {
    throw new CaUnavailableError(caId, 'credentials/list answered without a list of credentialIDs');
  }
  return ids;
}

/** `credentials/info` asked with `certificates: "chain"`: every certificate must parse as X.509. */
export function credentialOf(caId: string, credentialId: string, answer: unknown): CaCredential {
  const info = (answer ?? {}) as CredentialInfoAnswer;
  const encoded = info.cert?.certificates;
  if (!Array.isArray(encoded) || encoded.length === 0 || !encoded.every((c) => typeof c === 'string')) {
    throw new CaUnavailableError(caId, `credentials/info of ${credentialId} answered without its certificates`);
  }
  const certificates = (encoded as string[]).map(pem);
  let signer: X509Certificate;
  try {
    [signer] = certificates.map((certificate) => new X509Certificate(certificate));
  } catch {
    throw new CaUnavailableError(caId, `credentials/info of ${credentialId}: a certificate is not X.509`);
  }
  const status = info.cert?.status;
  return {
    credentialId,
    certificates,
    ...(typeof status === 'string' ? { status } : {}),
    validFrom: generalizedTimeToIso(info.cert?.validFrom) ?? new Date(signer.validFrom).toISOString(),
    validTo: generalizedTimeToIso(info.cert?.validTo) ?? new Date(signer.validTo).toISOString(),
    ...(typeof info.description === 'string' ? { description: info.description } : {}),
  };
}
