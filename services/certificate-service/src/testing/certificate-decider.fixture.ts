import { deciderSpec } from '@signstash/event-store/testing';
import type { CertificateEvent, CertificateFacts, CertificateRegistered } from '../certificates/certificate.aggregate';
import { certificateDecider } from '../certificates/certificate.decider';
import type { CertificateCommand } from '../certificates/certificate.commands';

// Given/when/then fixtures shared by the certificate decider's unit specs.

export const spec = deciderSpec(certificateDecider);

export const day = 24 * 60 * 60 * 1000;
export const now = new Date('2026-06-01T10:00:00.000Z');
export const inDays = (days: number, from = now) => new Date(from.getTime() + days * day).toISOString();
export const operator = 'operator-1';

export const facts: CertificateFacts = {
  subject: 'CN=Acme Signing',
  issuingCa: 'CN=Acme CA',
  serialNumber: '0A1B',
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2028-01-01T00:00:00.000Z',
  fingerprintSha256: 'AB:CD',
  keyUsage: ['1.3.6.1.5.5.7.3.36'],
  pem: '-----BEGIN CERTIFICATE-----…',
};

export const registerCommand = (
  overrides: Partial<Extract<CertificateCommand, { type: 'RegisterCertificate' }>['data']> = {},
): CertificateCommand => ({
  type: 'RegisterCertificate',
  data: {
    certificateId: 'cert-1',
    issuerId: 'issuer-a',
    alias: '  Main signing  ',
    description: 'Used by the invoicing API',
    certificate: facts,
    access: { kind: 'manual', caName: 'Acme CA', credentialId: 'cred-1', grantedAt: inDays(-1), expiresAt: inDays(90) },
    by: operator,
    at: now,
    ...overrides,
  },
});

export const registered: CertificateRegistered = {
  type: 'CertificateRegistered',
  data: {
    certificateId: 'cert-1',
    issuerId: 'issuer-a',
    by: operator,
    at: now.toISOString(),
    alias: 'Main signing',
    description: 'Used by the invoicing API',
    certificate: facts,
    access: { ca: 'manual', caName: 'Acme CA', credentialId: 'cred-1', grantedAt: inDays(-1), expiresAt: inDays(90) },
  },
};

/** A CA's grant for the credential `cred-1`, with the regulator's rules (60 days, 1,000,000,000 signatures). */
export const caGrant = {
  kind: 'ca',
  ca: 'local-test-ca',
  caName: 'Local test CA',
  credentialId: 'cred-1',
  periodDays: 60,
  signatureLimit: 1_000_000_000,
} as const;

/** The same registration as `registered`, as stored before CAs were configured: a free-text provider. */
export const legacyRegistered = {
  ...registered,
  data: {
    ...registered.data,
    access: { provider: 'Acme CA', credentialId: 'cred-1', grantedAt: inDays(-1), expiresAt: inDays(90) },
  },
} as unknown as CertificateRegistered;

export const audit = (by: string, at: Date) => ({
  certificateId: 'cert-1',
  issuerId: 'issuer-a',
  by,
  at: at.toISOString(),
});
export const warnCommand = (at: Date, thresholdsDays = [30, 7, 1]): CertificateCommand => ({
  type: 'IssueAccessExpiryWarning',
  data: { thresholdsDays, by: 'system', issuerId: 'issuer-a', at },
});
export const expiring = (at: Date, thresholdDays: number, daysLeft: number, period = 1): CertificateEvent => ({
  type: 'AccessExpiring',
  data: { ...audit('system', at), period, thresholdDays, daysLeft, expiresAt: inDays(90), provider: 'Acme CA' },
});
