import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { InputField, SelectField } from '../ui/fields';
import type { AccessFilter, CertificateSearch } from './certificate-search';

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

/** Inputs are applied only by "Search"; "Clear filters" is a plain link back to the unfiltered list. */
export function CertificateFilters({
  search,
  clearHref,
  onSearch,
}: {
  search: CertificateSearch;
  clearHref: string;
  onSearch: (filters: Filters) => void;
}) {
  const [filters, setFilters] = useState<Filters>({
    alias: search.alias,
    registeredFrom: search.registeredFrom,
    registeredTo: search.registeredTo,
    access: search.access,
  });
  const [rangeError, setRangeError] = useState<string>();
  const set = (field: keyof Filters) => (value: string) => setFilters((f) => ({ ...f, [field]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (filters.registeredFrom && filters.registeredTo && filters.registeredFrom > filters.registeredTo) {
      setRangeError('The "to" date must be on or after the "from" date.');
      return;
    }
    setRangeError(undefined);
    onSearch({ ...filters, alias: filters.alias.trim() });
  };

  return (
    <form className="filters" role="search" aria-label="Filter certificates" onSubmit={submit} noValidate>
      <div className="filter-fields">
        <InputField label="Alias" name="alias" type="search" value={filters.alias} onChange={set('alias')} />
        <InputField
          label="Registered from"
          name="registeredFrom"
          type="date"
          value={filters.registeredFrom}
          onChange={set('registeredFrom')}
        />
        <InputField
          label="Registered to"
          name="registeredTo"
          type="date"
          value={filters.registeredTo}
          onChange={set('registeredTo')}
          error={rangeError}
        />
        <SelectField
          label="CA access"
          name="access"
          value={filters.access}
          onChange={set('access')}
          options={accessOptions}
        />
      </div>
      <div className="filter-actions">
        <button type="submit" className="button button-primary">
          Search
        </button>
        <Link to={clearHref} className="clear-link">
          Clear filters
        </Link>
      </div>
    </form>
  );
}
