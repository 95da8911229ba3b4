import type { CertificateQuery, CertificateSortField, SortOrder } from '../api/api-types';
import { EXPIRING_SOON_DAYS } from '../ui/badges';
import { isDay } from '../ui/day-text';

// The list's filters, sort and page live in the URL so they survive reloads and the back button.

export type AccessFilter = '' | 'granted' | 'expiring' | 'expired';

export interface CertificateSearch {
  alias: string;
  registeredFrom: string;
  registeredTo: string;
  access: AccessFilter;
  sort: CertificateSortField;
  order: SortOrder;
  page: number;
}

export const PAGE_SIZE = 20;
const sortFields: CertificateSortField[] = ['registeredAt', 'alias', 'accessExpiresAt'];
const accessFilters: AccessFilter[] = ['granted', 'expiring', 'expired'];

export function readSearch(params: URLSearchParams): CertificateSearch {
  const sort = params.get('sort') as CertificateSortField;
  const access = params.get('access') as AccessFilter;
  const page = Number(params.get('page'));
  return {
    alias: params.get('alias') ?? '',
    registeredFrom: params.get('registeredFrom') ?? '',
    registeredTo: params.get('registeredTo') ?? '',
    access: accessFilters.includes(access) ? access : '',
    sort: sortFields.includes(sort) ? sort : 'registeredAt',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function writeSearch(search: CertificateSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.alias) params.set('alias', search.alias);
  if (search.registeredFrom) params.set('registeredFrom', search.registeredFrom);
  if (search.registeredTo) params.set('registeredTo', search.registeredTo);
  if (search.access) params.set('access', search.access);
  if (search.sort !== 'registeredAt' || search.order !== 'desc') {
    params.set('sort', search.sort);
    params.set('order', search.order);
  }
  if (search.page > 1) params.set('page', String(search.page));
  return params;
}

export function toQuery(search: CertificateSearch): CertificateQuery {
  return {
    alias: search.alias || undefined,
    registeredFrom: search.registeredFrom || undefined,
    registeredTo: search.registeredTo || undefined,
    accessState: search.access === 'expired' ? 'expired' : search.access ? 'granted' : undefined,
    expiringWithinDays: search.access === 'expiring' ? EXPIRING_SOON_DAYS : undefined,
    sort: search.sort,
    order: search.order,
    page: search.page,
    pageSize: PAGE_SIZE,
  };
}

/** The list's filters and order without its page: what the CSV export takes. */
export function toExportQuery(search: CertificateSearch): Omit<CertificateQuery, 'page' | 'pageSize'> {
  const { page: _page, pageSize: _pageSize, ...filters } = toQuery(search);
  return filters;
}

export function hasFilters(search: CertificateSearch): boolean {
  return Boolean(search.alias || search.registeredFrom || search.registeredTo || search.access);
}

export type FilterErrors = Partial<Record<'registeredFrom' | 'registeredTo', string>>;

/** What is wrong with the search in the URL: then the page shows the errors and no results. */
export function filterErrors(search: CertificateSearch): FilterErrors {
  const errors: FilterErrors = {};
  const notADay = 'Enter a day, e.g. 06 Dec 2026.';
  if (search.registeredFrom && !isDay(search.registeredFrom)) errors.registeredFrom = notADay;
  if (search.registeredTo && !isDay(search.registeredTo)) errors.registeredTo = notADay;
  if (!errors.registeredFrom && !errors.registeredTo && search.registeredFrom && search.registeredTo)
    if (search.registeredFrom > search.registeredTo)
      errors.registeredTo = 'The "to" date must be on or after the "from" date.';
  return errors;
}
