import { Link } from 'react-router';
import type { CertificateClientService, CertificateDetails } from '../../api/api-types';
import { accessCondition, ClientServiceStatusBadge, describeStatusReason } from '../../ui/badges';
import { useNow } from '../../ui/use-now';
import { DataTable } from '../../ui/data-table';
import { columnHelper } from '../../ui/table-features';
import { Alert, EmptyState, ErrorState, errorMessage, Loading } from '../../ui/feedback';
import { plural } from '../../ui/format';
import { ClientServiceLink } from '../../client-services/client-service-link';
import { useCertificateClientServices, useReactivateClientServices } from './certificate-queries';

const helper = columnHelper<CertificateClientService>();
const columns = helper.columns([
  helper.accessor('name', { header: 'Name', cell: (info) => <ClientServiceLink service={info.row.original} /> }),
  helper.accessor('status', {
    header: 'Status',
    cell: (info) => <ClientServiceStatusBadge {...info.row.original} />,
  }),
  helper.display({
    id: 'reason',
    header: 'Reason',
    cell: (info) => {
      const service = info.row.original;
      if (service.status === 'SUSPENDED' && service.suspendedByExpiry && !service.statusReason)
        return 'Suspended when the CA access expired';
      return describeStatusReason(service.statusReason);
    },
  }),
]);

export function ClientServicesSection({ certificate }: { certificate: CertificateDetails }) {
  const services = useCertificateClientServices(certificate.id);
  const reactivate = useReactivateClientServices(certificate.id);
  const suspended = services.data?.items.filter((s) => s.status === 'SUSPENDED' && s.suspendedByExpiry).length ?? 0;
  const accessValid = accessCondition(certificate.access.state, certificate.access.expiresAt, useNow()) !== 'Expired';

  return (
    <section className="card" aria-labelledby="services-title">
      <div className="card-header">
        <h2 id="services-title">Client services</h2>
        <div className="card-actions">
          <Link
            className="button button-secondary button-small"
            to={`/client-services?certificateId=${encodeURIComponent(certificate.id)}`}
          >
            Manage client services
          </Link>
        </div>
      </div>
      {reactivate.isSuccess && (
        <Alert kind="success">
          {plural(reactivate.data.reactivated, 'client service was', 'client services were')} reactivated.
        </Alert>
      )}
      {reactivate.isError && <Alert kind="error">{errorMessage(reactivate.error)}</Alert>}
      {suspended > 0 && (
        <div className="callout">
          <p>
            {plural(suspended, 'client service is', 'client services are')} suspended because the CA access expired.
            {!accessValid && ' Renew the access first, then reactivate them.'}
          </p>
          {accessValid && (
            <button
              type="button"
              className="button button-primary button-small"
              onClick={() => reactivate.mutate()}
              disabled={reactivate.isPending}
            >
              {reactivate.isPending ? 'Reactivating…' : 'Reactivate suspended client services'}
            </button>
          )}
        </div>
      )}
      {services.isPending ? (
        <Loading label="Loading client services…" />
      ) : services.isError ? (
        <ErrorState what="the client services" error={services.error} onRetry={() => void services.refetch()} />
      ) : services.data.items.length === 0 ? (
        <EmptyState>
          <p>No client service uses this certificate.</p>
        </EmptyState>
      ) : (
        <DataTable
          caption="Client services using this certificate"
          columns={columns}
          // The page's certificate is the freshest word on its status: what its client services can do follows it.
          data={services.data.items.map((service) => ({
            ...service,
            certificateStatus: certificate.status,
            certificateAccessState: certificate.access.state,
          }))}
          getRowId={(s) => s.id}
        />
      )}
    </section>
  );
}
