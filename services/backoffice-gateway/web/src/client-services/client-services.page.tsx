import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/api';
import type { ClientService, ClientServiceQuery, ClientServiceStatus } from '../api/api-types';
import { PageHeading } from '../layout/page-heading';
import { ClientServiceStatusBadge, describeStatusReason } from '../ui/badges';
import { DataTable } from '../ui/data-table';
import { columnHelper } from '../ui/table-features';
import { Alert, EmptyState, ErrorState, Loading } from '../ui/feedback';
import { SelectField } from '../ui/fields';
import { useDisclosure } from '../ui/use-disclosure';
import { ChangeClientServiceStatusDialog } from './change-client-service-status.dialog';
import { useAnyCertificate } from './client-service-queries';
import { ClientServiceLink } from './client-service-link';
import { CertificatePicker } from '../certificates/certificate-picker';
import { registeredMessage, RegisterClientServiceForm } from './register-client-service.form';

const PAGE_SIZE = 20;
const statuses: ClientServiceStatus[] = ['ACTIVE', 'SUSPENDED', 'INACTIVE'];
const statusOptions = [
  { value: '', label: 'All statuses' },
  { value: 'ACTIVE', label: 'Active' },
  { value: 'SUSPENDED', label: 'Suspended' },
  { value: 'INACTIVE', label: 'Inactive' },
];

const helper = columnHelper<ClientService>();

function columnsFor(onChangeStatus: (service: ClientService) => void) {
  return helper.columns([
    helper.accessor('name', {
      header: 'Name',
      cell: (info) => <ClientServiceLink service={info.row.original} className="strong" />,
    }),
    helper.accessor('certificateAlias', {
      header: 'Certificate',
      cell: (info) => (
        <Link to={`/certificates/${encodeURIComponent(info.row.original.certificateId)}`}>{info.getValue()}</Link>
      ),
    }),
    helper.accessor('status', {
      header: 'Status',
      cell: (info) => <ClientServiceStatusBadge {...info.row.original} />,
    }),
    helper.accessor('statusReason', { header: 'Reason', cell: (info) => describeStatusReason(info.getValue()) }),
    helper.display({
      id: 'actions',
      header: 'Actions',
      meta: { className: 'actions' },
      cell: (info) => (
        <button
          type="button"
          className="button button-secondary button-small"
          aria-label={`Change status of ${info.row.original.name}`}
          onClick={() => onChangeStatus(info.row.original)}
        >
          Change status
        </button>
      ),
    }),
  ]);
}

export function ClientServicesPage() {
  const [params, setParams] = useSearchParams();
  const certificateId = params.get('certificateId') ?? '';
  const status = statuses.find((s) => s === params.get('status'));
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query: ClientServiceQuery = { certificateId: certificateId || undefined, status, page, pageSize: PAGE_SIZE };
  const services = useQuery({
    queryKey: ['client-services', query],
    queryFn: () => api.listClientServices(query),
    placeholderData: keepPreviousData,
  });
  const certificates = useAnyCertificate();
  const [message, setMessage] = useState<{ kind: 'success' | 'warning'; text: string }>();
  const [changing, setChanging] = useState<ClientService>();
  const forms = useDisclosure<'register'>(() => setMessage(undefined));
  const [columns] = useState(() => columnsFor((service) => setChanging(service)));

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };
  const filtered = Boolean(certificateId || status);

  return (
    <>
      <div className="page-header">
        <PageHeading title="Client services" />
        <button type="button" className="button button-primary" {...forms.trigger('register')}>
          Register client service
        </button>
      </div>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      {forms.open === 'register' &&
        (certificates.isPending ? (
          <Loading label="Loading certificates…" />
        ) : certificates.isError ? (
          <ErrorState what="the certificates" error={certificates.error} onRetry={() => void certificates.refetch()} />
        ) : certificates.data.items.length === 0 ? (
          <Alert kind="info">
            Add a certificate first: a client service signs with one.{' '}
            <Link to="/certificates/new">Add certificate</Link>
          </Alert>
        ) : (
          <RegisterClientServiceForm
            initialCertificateId={certificateId}
            onCancel={forms.close}
            onDone={(registered) => {
              forms.close();
              setMessage({
                kind: registered.status === 'ACTIVE' ? 'success' : 'warning',
                text: registeredMessage(registered),
              });
            }}
          />
        ))}
      <form className="filters" role="search" aria-label="Filter client services" onSubmit={(e) => e.preventDefault()}>
        <div className="filter-fields">
          <CertificatePicker
            label="Certificate"
            value={certificateId}
            onChange={(value) => update({ certificateId: value, page: '' })}
            hint="Leave empty for all certificates."
          />
          <SelectField
            label="Status"
            name="status"
            value={status ?? ''}
            onChange={(value) => update({ status: value, page: '' })}
            options={statusOptions}
          />
        </div>
        <div className="filter-actions">
          {filtered && (
            <Link to="/client-services" className="clear-link">
              Clear filters
            </Link>
          )}
        </div>
      </form>
      <section aria-labelledby="services-results" className="results">
        <h2 id="services-results" className="visually-hidden">
          Results
        </h2>
        {services.isPending ? (
          <Loading label="Loading client services…" />
        ) : services.isError ? (
          <ErrorState what="the client services" error={services.error} onRetry={() => void services.refetch()} />
        ) : services.data.total === 0 ? (
          <EmptyState>
            <p className="strong">
              {filtered ? 'No client service matches these filters.' : 'No client service is registered yet.'}
            </p>
            {filtered && (
              <p>
                <Link to="/client-services">Clear the filters</Link>
              </p>
            )}
          </EmptyState>
        ) : services.data.items.length === 0 ? (
          <EmptyState>
            <p className="strong">Page {page} is empty.</p>
            <p>
              <button type="button" className="button button-secondary" onClick={() => update({ page: '' })}>
                Go to the first page
              </button>
            </p>
          </EmptyState>
        ) : (
          <DataTable
            caption="Client services"
            columns={columns}
            data={services.data.items}
            getRowId={(s) => s.id}
            busy={services.isPlaceholderData}
            paging={{
              page,
              pageSize: services.data.pageSize || PAGE_SIZE,
              total: services.data.total,
              onPageChange: (next) => update({ page: next > 1 ? String(next) : '' }),
              itemName: ['client service', 'client services'],
            }}
          />
        )}
      </section>
      {changing && (
        <ChangeClientServiceStatusDialog
          service={changing}
          onClose={() => setChanging(undefined)}
          onChanged={(text) => {
            setChanging(undefined);
            setMessage({ kind: 'success', text });
          }}
        />
      )}
    </>
  );
}
