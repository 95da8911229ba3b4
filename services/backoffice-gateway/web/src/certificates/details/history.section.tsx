import type { HistoryEntry } from '../../api/api-types';
import { DataTable } from '../../ui/data-table';
import { columnHelper } from '../../ui/table-features';
import { EmptyState, ErrorState, Loading } from '../../ui/feedback';
import { describeValue, formatDateTime } from '../../ui/format';
import { useCertificateHistory } from './certificate-queries';

const eventLabels: Record<string, string> = {
  CertificateRegistered: 'Registered',
  CertificateDetailsChanged: 'Details changed',
  CertificateStatusChanged: 'Status changed',
  AccessRenewed: 'CA access renewed',
  AccessExpiring: 'CA access expiring',
  AccessExpired: 'CA access expired',
  AccessUsageWarned: 'Signatures near the limit',
  // What happened to one of its client services because of the certificate.
  ClientServiceSuspended: 'Client service suspended',
  ClientServiceActivated: 'Client service reactivated',
  ClientServiceRegistered: 'Client service registered suspended',
};

const fieldLabels: Record<string, string> = {
  alias: 'Alias',
  description: 'Description',
  status: 'Certificate status',
  reason: 'Reason',
  // The certificate service names the CA access fields by their path in the certificate.
  'access.expiresAt': 'Expiration date',
  'access.credentialId': 'Credential id',
  'access.provider': 'Provider',
  'access.ca': 'Certificate Authority',
  'access.state': 'CA access',
  'clientService.status': 'Client service',
};

// Values the certificate service records as codes, in the words the details page uses.
const valueLabels: Record<string, Record<string, string>> = {
  status: { active: 'Active', inactive: 'Inactive' },
  'access.state': { granted: 'Granted', expired: 'Expired' },
  'clientService.status': { ACTIVE: 'Active', SUSPENDED: 'Suspended', INACTIVE: 'Inactive' },
};

const describeChange = (field: string, value: unknown) =>
  (typeof value === 'string' && valueLabels[field]?.[value]) || describeValue(field, value);

const helper = columnHelper<HistoryEntry>();
const columns = helper.columns([
  helper.accessor('at', {
    header: 'When',
    meta: { className: 'nowrap' },
    cell: (info) => <time dateTime={info.getValue()}>{formatDateTime(info.getValue())}</time>,
  }),
  helper.accessor((entry) => entry.byName ?? (entry.by === 'system' ? "Sign'Stash (automatic)" : entry.by), {
    id: 'by',
    header: 'Who',
  }),
  helper.display({
    id: 'what',
    header: 'What',
    cell: (info) => (
      <>
        <span className="strong">{eventLabels[info.row.original.type] ?? info.row.original.type}</span>
        {info.row.original.summary && <span className="detail-note">{info.row.original.summary}</span>}
      </>
    ),
  }),
  helper.display({
    id: 'changes',
    header: 'Before → after',
    cell: (info) =>
      info.row.original.changes.length === 0 ? null : (
        <ul className="changes">
          {info.row.original.changes.map((change) => (
            <li key={change.field}>
              <span className="change-field">{fieldLabels[change.field] ?? change.field}:</span>{' '}
              <span className="change-from">{describeChange(change.field, change.from)}</span>{' '}
              <span aria-hidden="true">→</span>
              <span className="visually-hidden"> changed to </span>{' '}
              <span className="change-to">{describeChange(change.field, change.to)}</span>
            </li>
          ))}
        </ul>
      ),
  }),
]);

export function HistorySection({ certificateId }: { certificateId: string }) {
  const history = useCertificateHistory(certificateId);
  return (
    <section className="card" aria-labelledby="history-title">
      <div className="card-header">
        <h2 id="history-title">History</h2>
      </div>
      {history.isPending ? (
        <Loading label="Loading the history…" />
      ) : history.isError ? (
        <ErrorState what="the history" error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.items.length === 0 ? (
        <EmptyState>
          <p>No change recorded yet.</p>
        </EmptyState>
      ) : (
        <DataTable caption="History of changes" columns={columns} data={history.data.items} getRowId={(e) => e.id} />
      )}
    </section>
  );
}
