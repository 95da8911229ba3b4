import { READ_MODELS, type ReadModelResolver } from '@signstash/read-model';
import { CERTIFICATE_LIST } from '../../services/certificate-service/src/certificates/certificate-list/certificate-list.projection';
import type { CertificateListDocument } from '../../services/certificate-service/src/certificates/certificate-list/certificate-list.document';
import type { SignstashSystem } from './signstash-system';

/**
 * Certificate-list rows seeded straight into the read model the list and the export read: volume
 * no command path could write in a test's time. `tag` starts each alias (and marks the ids), so a
 * filter on it picks one seeded set.
 */
export async function seedCertificateListRows(
  system: SignstashSystem,
  issuerId: string,
  count: number,
  tag: string,
): Promise<void> {
  const readModels = system.apps.certificates.get<ReadModelResolver>(READ_MODELS);
  const collection = await readModels.collection<CertificateListDocument>(CERTIFICATE_LIST);
  const documents = listRows(issuerId, count, tag);
  for (let start = 0; start < documents.length; start += 1000)
    await collection.insertMany(documents.slice(start, start + 1000));
}

function listRows(issuerId: string, count: number, tag: string): CertificateListDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const alias = `${tag} ${String(i).padStart(6, '0')} ${'x'.repeat(60)}`;
    const registeredAt = new Date(Date.UTC(2025, 0, 1) + i * 60_000);
    return {
      _id: `00000000-0000-4000-8000-${tag === 'bulk' ? '1' : '2'}${String(i).padStart(11, '0')}`,
      issuerId,
      alias,
      aliasLower: alias.toLowerCase(),
      status: 'active',
      registeredAt,
      registeredDay: registeredAt.toISOString().slice(0, 10),
      provider: 'Multicert',
      // Far off, so the expiry scheduler (which scans this read model) has nothing to do with them.
      accessExpiresAt: new Date(Date.UTC(2035, 0, 1)),
      accessState: 'granted',
      accessPeriod: 1,
      warnedThresholds: [],
      validTo: new Date(Date.UTC(2028, 0, 1)),
      revision: 0,
    };
  });
}
