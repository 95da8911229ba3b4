/**
 * Read-your-writes across services, the one rule for a command that names another service's
 * aggregate: the gateway asks the owner for the aggregate's revision in its event store and sends
 * it along; the receiving service waits (bounded) until its own view, fed by Kafka, has reached it,
 * and otherwise answers 503 with Retry-After. So a client service registered right after its
 * certificate is decided on that certificate whatever Kafka's lag. Value: `<certificateId>@<revision>`.
 */
export const CERTIFICATE_REVISION_HEADER = 'x-certificate-revision';

export const certificateRevisionHeader = (certificateId: string, revision: number) => ({
  [CERTIFICATE_REVISION_HEADER]: `${certificateId}@${revision}`,
});

/** The header's certificate and revision, or undefined when it is malformed. */
export function parseCertificateRevision(value: string): { certificateId: string; revision: number } | undefined {
  const match = /^([0-9a-f-]{36})@(\d{1,9})$/i.exec(value.trim());
  return match ? { certificateId: match[1].toLowerCase(), revision: Number(match[2]) } : undefined;
}
