import { useEffect, useRef } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useLocation, useSearchParams } from 'react-router';
import { api } from '../api/api';
import { PageHeading } from '../layout/page-heading';
import { EmptyState, ErrorState, Loading } from '../ui/feedback';
import { CertificateFilters } from './certificate-filters';
import {
  filterErrors,
  hasFilters,
  PAGE_SIZE,
  readSearch,
  toExportQuery,
  toQuery,
  writeSearch,
  type CertificateSearch,
} from './certificate-search';
import { CertificateTable } from './certificate-table';

export function CertificateListPage() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const search = readSearch(params);
  const query = toQuery(search);
  const errors = filterErrors(search);
  const searchable = Object.keys(errors).length === 0;
  const certificates = useQuery({
    queryKey: ['certificates', query],
    queryFn: () => api.listCertificates(query),
    placeholderData: keepPreviousData,
    enabled: searchable,
  });
  const update = (patch: Partial<CertificateSearch>) => setParams(writeSearch({ ...search, ...patch }));
  // After "Search", focus goes to what it found (the form is rebuilt from the URL, its button gone).
  const results = useRef<HTMLElement>(null);
  const focusResults = useRef(false);
  const settled = !searchable || (certificates.isSuccess && !certificates.isPlaceholderData);
  useEffect(() => {
    if (!focusResults.current || !settled) return;
    focusResults.current = false;
    results.current?.focus();
  }, [settled, location.key]);
  const clearHref = `?${writeSearch({ ...search, alias: '', registeredFrom: '', registeredTo: '', access: '', page: 1 })}`;
  const flash = (location.state as { flash?: string } | null)?.flash;

  return (
    <>
      <div className="page-header">
        <PageHeading title="Certificates" />
        <div className="page-actions">
          {/* A plain link: the browser downloads the file the gateway streams, with the filters shown. */}
          <a href={api.certificatesCsvUrl(toExportQuery(search))} className="button button-secondary" download>
            Export CSV
          </a>
          <Link to="/certificates/new" className="button button-primary">
            Add certificate
          </Link>
        </div>
      </div>
      {flash && (
        <div className="alert alert-success" role="status">
          {flash}
        </div>
      )}
      <CertificateFilters
        key={params.toString()}
        search={search}
        errors={errors}
        clearHref={clearHref}
        onSearch={(filters) => {
          focusResults.current = true;
          update({ ...filters, page: 1 });
        }}
        onClear={() => {
          focusResults.current = true;
        }}
      />
      <section aria-labelledby="results-title" className="results" ref={results} tabIndex={-1}>
        <h2 id="results-title" className="visually-hidden">
          Results
        </h2>
        {!searchable ? (
          <EmptyState>
            <p className="strong">No search with these filters.</p>
            <p>Correct the dates above, then press “Search”.</p>
          </EmptyState>
        ) : certificates.isPending ? (
          <Loading label="Loading certificates…" />
        ) : certificates.isError ? (
          <ErrorState what="the certificates" error={certificates.error} onRetry={() => void certificates.refetch()} />
        ) : certificates.data.total === 0 ? (
          <EmptyState>
            {hasFilters(search) ? (
              <>
                <p className="strong">No certificate matches these filters.</p>
                <p>
                  Change the filters or <Link to={clearHref}>clear them</Link>.
                </p>
              </>
            ) : (
              <>
                <p className="strong">No certificate is registered yet.</p>
                <p>
                  <Link to="/certificates/new">Register your first certificate</Link> to sign documents with it.
                </p>
              </>
            )}
          </EmptyState>
        ) : certificates.data.items.length === 0 ? (
          <EmptyState>
            <p className="strong">Page {search.page} is empty.</p>
            <p>
              <Link to={`?${writeSearch({ ...search, page: 1 })}`}>Go to the first page</Link>
            </p>
          </EmptyState>
        ) : (
          <CertificateTable
            items={certificates.data.items}
            sort={search.sort}
            order={search.order}
            onSort={(sort, order) => update({ sort, order, page: 1 })}
            busy={certificates.isPlaceholderData}
            paging={{
              page: search.page,
              pageSize: certificates.data.pageSize || PAGE_SIZE,
              total: certificates.data.total,
              onPageChange: (page) => update({ page }),
              itemName: ['certificate', 'certificates'],
            }}
          />
        )}
      </section>
    </>
  );
}
