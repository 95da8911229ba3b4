import type { CertificateListDocument } from '../../services/certificate-service/src/certificates/certificate-list/certificate-list.document';
import type { ListCertificatesDto } from '@signstash/api';

/** The certificate-list bench's data: seeded documents, the cases, and the answer each case must give. */
const DAY = 24 * 60 * 60 * 1000;
const WORDS = [
  'Invoices',
  'Payroll',
  'Contracts',
  'Board minutes',
  'Procurement',
  'HR',
  'Tax returns',
  'Legal',
  'Sales',
  'Branch',
];

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same data. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const issuerName = (index: number) => `bench-issuer-${String(index).padStart(2, '0')}`;

/** Registered during 2025, accesses expiring from 60 days ago to 400 days ahead, one issuer after another. */
export function seedDocuments(count: number, issuers: number, now: Date): CertificateListDocument[] {
  const next = random(42);
  const firstDay = Date.UTC(2025, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const alias = `${WORDS[Math.floor(next() * WORDS.length)]} ${String(i).padStart(5, '0')}`;
    const registeredAt = new Date(firstDay + Math.floor(next() * 365 * DAY));
    const accessExpiresAt = new Date(now.getTime() + Math.floor((next() * 460 - 60) * DAY));
    return {
      _id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      issuerId: issuerName(i % issuers),
      alias,
      aliasLower: alias.toLowerCase(),
      status: next() < 0.1 ? 'inactive' : 'active',
      registeredAt,
      registeredDay: registeredAt.toISOString().slice(0, 10),
      provider: next() < 0.5 ? 'Multicert' : 'DigitalSign',
      accessExpiresAt,
      accessState: accessExpiresAt <= now ? 'expired' : 'granted',
      accessPeriod: 1,
      warnedThresholds: [],
      validTo: new Date(now.getTime() + 730 * DAY),
      revision: 0,
    };
  });
}

export interface ListCase {
  name: string;
  query: Partial<ListCertificatesDto>;
  /** Which documents the filter keeps, written independently of the query under test. */
  keep: (d: CertificateListDocument) => boolean;
}

export const listCases = (now: Date): ListCase[] => {
  const expiringWithin = (d: CertificateListDocument, days: number) =>
    d.accessState === 'granted' && d.accessExpiresAt.getTime() <= now.getTime() + days * DAY;
  const registeredBetween = (d: CertificateListDocument, from: string, to: string) =>
    d.registeredDay >= from && d.registeredDay <= to;
  return [
    { name: 'no filter (registration date, newest first)', query: {}, keep: () => true },
    { name: 'alias contains "pay"', query: { alias: 'pAy' }, keep: (d) => d.aliasLower.includes('pay') },
    {
      name: 'registered 2025-03-01 .. 2025-03-31',
      query: { registeredFrom: '2025-03-01', registeredTo: '2025-03-31' },
      keep: (d) => registeredBetween(d, '2025-03-01', '2025-03-31'),
    },
    { name: 'access state expired', query: { accessState: 'expired' }, keep: (d) => d.accessState === 'expired' },
    { name: 'access expiring within 30 days', query: { expiringWithinDays: 30 }, keep: (d) => expiringWithin(d, 30) },
    {
      name: 'sort by registration date, oldest first',
      query: { sort: 'registeredAt', order: 'asc' },
      keep: () => true,
    },
    { name: 'sort by alias A-Z', query: { sort: 'alias', order: 'asc' }, keep: () => true },
    {
      name: 'sort by access expiry, soonest first',
      query: { sort: 'accessExpiresAt', order: 'asc' },
      keep: () => true,
    },
    { name: 'no filter, page 20', query: { page: 20 }, keep: () => true },
    {
      name: 'all filters together',
      query: { alias: 'o', registeredFrom: '2025-02-01', registeredTo: '2025-11-30', expiringWithinDays: 200 },
      keep: (d) =>
        d.aliasLower.includes('o') && registeredBetween(d, '2025-02-01', '2025-11-30') && expiringWithin(d, 200),
    },
  ];
};

const SORT_FIELD = { registeredAt: 'registeredAt', alias: 'aliasLower', accessExpiresAt: 'accessExpiresAt' } as const;

/** The total and the page's ids the query must give, computed from the seeded documents. */
export function expectedPage(
  documents: CertificateListDocument[],
  issuerId: string,
  dto: ListCertificatesDto,
  keep: ListCase['keep'],
) {
  const field = SORT_FIELD[dto.sort];
  const sign = dto.order === 'asc' ? 1 : -1;
  const key = (d: CertificateListDocument) => {
    const value = d[field];
    return value instanceof Date ? value.getTime() : value;
  };
  const compare = (a: CertificateListDocument, b: CertificateListDocument) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a._id < b._id ? -1 : a._id > b._id ? 1 : 0;
  const matching = documents.filter((d) => d.issuerId === issuerId && keep(d)).sort((a, b) => sign * compare(a, b));
  const start = (dto.page - 1) * dto.pageSize;
  return { total: matching.length, ids: matching.slice(start, start + dto.pageSize).map((d) => d._id) };
}
