import { X509Certificate } from 'node:crypto';
import { makeCertificatePem } from '@signstash/testing';
import { parseCertificatePem } from './certificate-pem.parser';

describe('parseCertificatePem', () => {
  it('reads subject, issuing CA, serial, validity, fingerprint and key usage', async () => {
    const validFrom = new Date('2026-01-01T00:00:00Z');
    const validTo = new Date('2029-06-30T12:00:00Z');
    const pem = await makeCertificatePem({ commonName: 'Acme Signing', serialNumber: '0a1b2c', validFrom, validTo });

    const facts = parseCertificatePem(`some text before\n${pem}\nand after`);

    expect(facts).toMatchObject({
      subject: 'CN=Acme Signing, O=Sign Stash Test CA, C=PT',
      issuingCa: 'CN=Acme Signing, O=Sign Stash Test CA, C=PT',
      serialNumber: '0A1B2C',
      validFrom: validFrom.toISOString(),
      validTo: validTo.toISOString(),
      keyUsage: expect.arrayContaining(['1.3.6.1.5.5.7.3.36', '1.3.6.1.5.5.7.3.4']),
    });
    expect(facts.fingerprintSha256).toBe(new X509Certificate(pem).fingerprint256);
    expect(facts.pem.startsWith('-----BEGIN CERTIFICATE-----')).toBe(true);
  });

  it.each([
    ['no PEM block', 'hello'],
    ['a damaged PEM', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'],
  ])('rejects %s naming the pem field', (_case, input) => {
    expect(() => parseCertificatePem(input)).toThrow(expect.objectContaining({ kind: 'rule', field: 'pem' }));
  });
});
