import { createHash, X509Certificate } from 'node:crypto';
import type { CertificateFacts } from '../certificate.aggregate';
import { ruleBroken } from '../certificate.rules';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

const oneLine = (distinguishedName: string) => distinguishedName.split('\n').join(', ');

/**
 * Reads the facts the product shows from an uploaded PEM. Key usage is what Node exposes:
 * the extended key usages (OIDs), e.g. 1.3.6.1.5.5.7.3.36 for document signing.
 */
export function parseCertificatePem(pem: string): CertificateFacts {
  const block = PEM_BLOCK.exec(pem ?? '')?.[0];
  if (!block)
    throw ruleBroken(
      'pem',
      'Paste or upload one certificate in PEM format (it begins with -----BEGIN CERTIFICATE-----).',
    );
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(block);
  } catch {
    throw ruleBroken(
      'pem',
      'This PEM is not a certificate Sign’Stash can read. Export the signing certificate from your Certificate Authority again and paste or upload it.',
    );
  }
  return {
    subject: oneLine(certificate.subject),
    issuingCa: oneLine(certificate.issuer),
    serialNumber: certificate.serialNumber,
    validFrom: new Date(certificate.validFrom).toISOString(),
    validTo: new Date(certificate.validTo).toISOString(),
    fingerprintSha256: createHash('sha256').update(certificate.raw).digest('hex').toUpperCase().match(/../g)!.join(':'),
    keyUsage: certificate.keyUsage ?? [],
    pem: block,
  };
}
