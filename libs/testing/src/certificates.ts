import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface TestCertificateOptions {
  commonName?: string;
  organization?: string;
  validFrom?: Date;
  validTo?: Date;
  serialNumber?: string;
}

const DAY = 24 * 60 * 60 * 1000;
type KeyPair = webcrypto.CryptoKeyPair;
let keys: Promise<KeyPair> | undefined;

/**
 * A real, self-signed X.509 certificate in PEM, for tests, benchmarks and the development seed.
 * One key pair is reused: generating RSA keys is slow and the product never sees private keys.
 */
export async function makeCertificatePem(options: TestCertificateOptions = {}): Promise<string> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  keys ??= webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']) as Promise<KeyPair>;
  const pair = await keys;
  const name = `CN=${options.commonName ?? 'Test Signing Certificate'}, O=${options.organization ?? 'Sign Stash Test CA'}, C=PT`;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber:
      options.serialNumber ??
      webcrypto.getRandomValues(new Uint8Array(8)).reduce((s, b) => s + b.toString(16).padStart(2, '0'), '01'),
    name,
    notBefore: options.validFrom ?? new Date(Date.now() - DAY),
    notAfter: options.validTo ?? new Date(Date.now() + 2 * 365 * DAY),
    signingAlgorithm: algorithm,
    keys: pair,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      // document signing (RFC 9336) and e-mail protection
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.36', x509.ExtendedKeyUsage.emailProtection]),
    ],
  });
  return certificate.toString('pem');
}
