/**
 * The certomancer configuration of the "Local test CA" that certomancer-csc-dummy serves: one
 * PKI architecture (its id is the first part of every credential id), a root CA and signers,
 * each with an RSA key made with openssl. Certomancer builds the certificates from this at start,
 * so the validity dates are fixed when the file is first written and kept with the run's data.
 */

export const CSC_ARCHITECTURE = 'local-test-ca';

/** The credentials an operator can pick at the local test CA (besides the CA's own, which the server also lists). */
export const CSC_SIGNERS = [
  { id: 'alice', commonName: 'Alice Martin' },
  { id: 'bruno', commonName: 'Bruno Keller' },
  { id: 'chloe', commonName: 'Chloe Dupont' },
] as const;

export const CSC_ROOT = { id: 'root', commonName: 'Local test CA root' } as const;

/** Changing what the file holds changes this line, which makes the run's copy be written again. */
export const CSC_CONFIG_RECIPE = `# signstash local test CA v1: ${[CSC_ROOT, ...CSC_SIGNERS].map((e) => e.id).join(',')}`;

const DAY_MS = 86_400_000;
const certomancerTime = (date: Date) => `"${date.toISOString().slice(0, 19)}+0000"`;

const certificate = (id: string, issuer: string, from: Date, to: Date, extensions: string[]) => `      ${id}:
        subject: ${id}
        issuer: ${issuer}
        validity:
          valid-from: ${certomancerTime(from)}
          valid-to: ${certomancerTime(to)}
        extensions:
${extensions.map((line) => `          ${line}`).join('\n')}`;

const keyUsage = (usages: string[]) => [
  '- id: key_usage',
  '  critical: true',
  '  smart-value:',
  '    schema: key-usage',
  `    params: [${usages.join(', ')}]`,
];

/** Signers valid from yesterday for two years, the root for ten: the picker shows valid credentials. */
export function certomancerConfig(options: { keysDir: string; baseUrl: string; now?: Date }): string {
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - DAY_MS);
  const years = (count: number) => new Date(now.getTime() + count * 365 * DAY_MS);
  const entities = [CSC_ROOT, ...CSC_SIGNERS];
  return [
    CSC_CONFIG_RECIPE,
    `external-url-prefix: "${options.baseUrl}"`,
    'keysets:',
    '  local:',
    `    path-prefix: "${options.keysDir}"`,
    '    keys:',
    ...entities.flatMap((entity) => [`      ${entity.id}:`, `        path: ${entity.id}.key.pem`]),
    'pki-architectures:',
    `  ${CSC_ARCHITECTURE}:`,
    '    keyset: local',
    '    entity-defaults:',
    '      country-name: FR',
    '      organization-name: Local test CA',
    '    entities:',
    ...entities.flatMap((entity) => [`      ${entity.id}:`, `        common-name: ${entity.commonName}`]),
    '    certs:',
    certificate(CSC_ROOT.id, CSC_ROOT.id, from, years(10), [
      '- id: basic_constraints',
      '  critical: true',
      '  value:',
      '    ca: true',
      ...keyUsage(['digital_signature', 'key_cert_sign', 'crl_sign']),
    ]),
    ...CSC_SIGNERS.map((signer) =>
      certificate(signer.id, CSC_ROOT.id, from, years(2), keyUsage(['digital_signature', 'non_repudiation'])),
    ),
    '',
  ].join('\n');
}
