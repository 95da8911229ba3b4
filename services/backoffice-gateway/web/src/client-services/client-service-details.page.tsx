import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/api';
import type { ClientService, ClientServiceHistoryEntry } from '../api/api-types';
import { PageHeading } from '../layout/page-heading';
import { ClientServiceStatusBadge, clientServiceStatusLabel, describeStatusReason } from '../ui/badges';
import { DetailList } from '../ui/detail-list';
import { Alert, ErrorState, Loading } from '../ui/feedback';
import { formatDateTime } from '../ui/format';
import { columnHelper } from '../ui/table-features';
import { ListCard, whenAndWhoColumns } from '../ui/list-card';
import { ChangeClientServiceStatusDialog } from './change-client-service-status.dialog';
import { useClientService, useClientServiceHistory } from './client-service-queries';

const whatHappened: Record<ClientServiceHistoryEntry['type'], string> = {
  ClientServiceRegistered: 'Registered',
  ClientServiceSuspended: 'Suspended',
  ClientServiceActivated: 'Activated',
  ClientServiceDeactivated: 'Deactivated',
};

/** Why a client service is in its status, in words: the expiry's suspension said as such. */
function reasonOf(entry: { reason?: string; statusReason?: string; byAccessExpiry?: boolean }): string {
  const reason = describeStatusReason(entry.reason ?? entry.statusReason);
  return reason || (entry.byAccessExpiry ? 'Suspended when the CA access expired' : '');
}

const helper = columnHelper<ClientServiceHistoryEntry>();
const columns = helper.columns([
  ...whenAndWhoColumns<ClientServiceHistoryEntry>(),
  helper.display({
    id: 'what',
    header: 'What',
    cell: (info) => {
      const entry = info.row.original;
      return (
        <>
          <span className="strong">{whatHappened[entry.type] ?? entry.type}</span>
          <span className="detail-note">Status: {clientServiceStatusLabel(entry.status)}</span>
        </>
      );
    },
  }),
  helper.display({ id: 'reason', header: 'Reason', cell: (info) => reasonOf(info.row.original) }),
]);

function General({ service, onChangeStatus }: { service: ClientService; onChangeStatus: () => void }) {
  return (
    <section className="card" aria-labelledby="client-service-title">
      <div className="card-header">
        <h2 id="client-service-title">Client service</h2>
        <div className="card-actions">
          <button type="button" className="button button-secondary button-small" onClick={onChangeStatus}>
            Change status
          </button>
        </div>
      </div>
      <DetailList
        items={[
          ['Name', service.name],
          [
            'Certificate',
            <Link key="certificate" to={`/certificates/${encodeURIComponent(service.certificateId)}`}>
              {service.certificateAlias || 'The certificate'}
            </Link>,
          ],
          ['Status', <ClientServiceStatusBadge key="status" {...service} />],
          ['Reason', reasonOf(service)],
          ['Registered', formatDateTime(service.registeredAt)],
          ['Last change', formatDateTime(service.updatedAt)],
        ]}
      />
    </section>
  );
}

function History({ id }: { id: string }) {
  return (
    <ListCard
      titleId="client-service-history-title"
      title="History"
      what="the history"
      list={useClientServiceHistory(id)}
      empty="No change recorded yet."
      caption="History of the client service"
      columns={columns}
    />
  );
}

/** One client service: the certificate it signs with, its status and why, and each status it was put in. */
export function ClientServiceDetailsPage() {
  const { id = '' } = useParams();
  const service = useClientService(id);
  const [changing, setChanging] = useState(false);
  const [message, setMessage] = useState<string>();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/client-services">← Back to client services</Link>
      </p>
      {service.isPending ? (
        <Loading label="Loading the client service…" />
      ) : service.isError ? (
        service.error instanceof ApiError && service.error.status === 404 ? (
          <>
            <PageHeading title="Client service not found" />
            <p>This client service does not exist or does not belong to your issuer.</p>
          </>
        ) : (
          <>
            <PageHeading title="Client service" />
            <ErrorState what="the client service" error={service.error} onRetry={() => void service.refetch()} />
          </>
        )
      ) : (
        <>
          <div className="page-header title-row">
            <PageHeading title={`Client service ${service.data.name}`}>
              <span className="title-prefix">Client service</span> {service.data.name}
            </PageHeading>
          </div>
          {message && <Alert kind="success">{message}</Alert>}
          <General
            service={service.data}
            onChangeStatus={() => {
              setMessage(undefined);
              setChanging(true);
            }}
          />
          <History id={id} />
          {changing && (
            <ChangeClientServiceStatusDialog
              service={service.data}
              onClose={() => setChanging(false)}
              onChanged={(text) => {
                setChanging(false);
                setMessage(text);
              }}
            />
          )}
        </>
      )}
    </>
  );
}
