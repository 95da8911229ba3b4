import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { boundFields, InputField, SelectField } from '../ui/fields';
import { hasFilters, type AccessFilter, type CertificateSearch, type FilterErrors } from './certificate-search';

interface Filters {
  alias: string;
  registeredFrom: string;
  registeredTo: string;
  access: AccessFilter;
}

const accessOptions = [
  { value: '', label: 'Any' },
  { value: 'granted', label: 'Granted' },
  { value: 'expiring', label: 'Expiring within 30 days' },
  { value: 'expired', label: 'Expired' },
];

const narrowScreen = '(max-width: 760px)';

/**
 * Inputs are applied only by "Search"; "Clear filters" is a plain link back to the unfiltered list.
 * The errors are those of the search in the URL (see filterErrors), so the fields, their errors and the
 * results always say the same search. On a phone the panel starts collapsed (it would fill the first
 * screen), open when a filter is applied.
 */
export function CertificateFilters({
  search,
  errors,
  clearHref,
  onSearch,
  onClear,
}: {
  search: CertificateSearch;
  errors: FilterErrors;
  clearHref: string;
  onSearch: (filters: Filters) => void;
  onClear: () => void;
}) {
  const [open, setOpen] = useState(
    () => hasFilters(search) || typeof window === 'undefined' || !window.matchMedia(narrowScreen).matches,
  );
  const [filters, setFilters] = useState<Filters>({
    alias: search.alias,
    registeredFrom: search.registeredFrom,
    registeredTo: search.registeredTo,
    access: search.access,
  });
  const set = (field: keyof Filters) => (value: string) => setFilters((f) => ({ ...f, [field]: value }));
  const field = boundFields(filters, set, errors);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch({ ...filters, alias: filters.alias.trim() });
  };

  return (
    <>
      <button
        type="button"
        className="button button-secondary filter-toggle narrow-only"
        aria-expanded={open}
        aria-controls="certificate-filters"
        onClick={() => setOpen((value) => !value)}
      >
        {open ? 'Hide filters' : hasFilters(search) ? 'Show filters (applied)' : 'Show filters'}
      </button>
      <form
        id="certificate-filters"
        className={`filters${open ? '' : ' filters-collapsed'}`}
        role="search"
        aria-label="Filter certificates"
        onSubmit={submit}
        noValidate
      >
        <div className="filter-fields">
          <InputField label="Alias" type="search" {...field('alias')} />
          <InputField label="Registered from" type="date" {...field('registeredFrom')} />
          <InputField label="Registered to" type="date" {...field('registeredTo')} />
          <SelectField label="CA access" {...field('access')} options={accessOptions} />
        </div>
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            Search
          </button>
          <Link to={clearHref} className="clear-link" onClick={onClear}>
            Clear filters
          </Link>
        </div>
      </form>
    </>
  );
}
