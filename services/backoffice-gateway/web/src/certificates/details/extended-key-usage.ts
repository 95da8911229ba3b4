/** Names of the extended key usages a signing certificate commonly carries (RFC 5280, RFC 9336, vendors). */
const NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'Server authentication',
  '1.3.6.1.5.5.7.3.2': 'Client authentication',
  '1.3.6.1.5.5.7.3.3': 'Code signing',
  '1.3.6.1.5.5.7.3.4': 'E-mail protection',
  '1.3.6.1.5.5.7.3.8': 'Time stamping',
  '1.3.6.1.5.5.7.3.9': 'OCSP signing',
  '1.3.6.1.5.5.7.3.36': 'Document signing',
  '1.3.6.1.4.1.311.10.3.12': 'Document signing (Microsoft)',
  '1.2.840.113583.1.1.5': 'PDF signing (Adobe)',
  '2.5.29.37.0': 'Any purpose',
};

/** "Document signing (1.3.6.1.5.5.7.3.36)"; an OID without a known name is shown as it is. */
export function describeKeyUsage(oid: string): string {
  const name = NAMES[oid];
  return name ? `${name} (${oid})` : oid;
}
