import type { Collection, Filter, Sort } from 'mongodb';
import { DAY_MS, daysLeft } from '../certificate.rules';
import type { CertificateListDocument } from './certificate-list.document';
import type { CertificatePage, ListCertificatesCsvDto, ListCertificatesDto } from '@signstash/api';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const SORT_KEYS = { registeredAt: 'registeredAt', alias: 'aliasLower', accessExpiresAt: 'accessExpiresAt' } as const;

/** The list's order, `_id` last so that pages (and an export) never repeat or skip a row. */
export function listSort(query: Pick<ListCertificatesDto, 'sort' | 'order'>): Sort {
  const direction = query.order === 'asc' ? 1 : -1;
  return { [SORT_KEYS[query.sort]]: direction, _id: direction };
}

export function listFilter(
  issuerId: string,
  query: ListCertificatesCsvDto,
  now: Date,
): Filter<CertificateListDocument> {
  const filter: Filter<CertificateListDocument> = { issuerId };
  const alias = query.alias?.trim();
  if (alias) filter.aliasLower = { $regex: escapeRegex(alias.toLowerCase()) };
  if (query.registeredFrom || query.registeredTo) {
    filter.registeredDay = {
      ...(query.registeredFrom ? { $gte: query.registeredFrom } : {}),
      ...(query.registeredTo ? { $lte: query.registeredTo } : {}),
    };
  }
  if (query.accessState) filter.accessState = query.accessState;
  if (query.expiringWithinDays !== undefined) {
    // Expiring means still granted: asked together with `expired`, nothing matches (as a reversed day range matches nothing).
    filter.accessState = query.accessState === 'expired' ? { $in: [] } : 'granted';
    filter.accessExpiresAt = { $lte: new Date(now.getTime() + query.expiringWithinDays * DAY_MS) };
  }
  return filter;
}

export async function listCertificates(
  collection: Collection<CertificateListDocument>,
  issuerId: string,
  query: ListCertificatesDto,
  now: Date,
): Promise<CertificatePage> {
  const filter = listFilter(issuerId, query, now);
  const [documents, total] = await Promise.all([
    collection
      .find(filter)
      .sort(listSort(query))
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .toArray(),
    collection.countDocuments(filter),
  ]);
  return {
    items: documents.map((document) => ({
      id: document._id,
      alias: document.alias,
      status: document.status,
      registeredAt: document.registeredAt.toISOString(),
      provider: document.provider,
      accessExpiresAt: document.accessExpiresAt.toISOString(),
      accessState: document.accessState,
      daysLeft: document.accessState === 'expired' ? 0 : daysLeft(document.accessExpiresAt.toISOString(), now),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
