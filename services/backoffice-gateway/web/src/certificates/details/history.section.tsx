import type { HistoryEntry } from '../../api/api-types';
import { columnHelper } from '../../ui/table-features';
import { describeValue } from '../../ui/format';
import { ListCard, whenAndWhoColumns } from '../../ui/list-card';
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
  ...whenAndWhoColumns<HistoryEntry>(),
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
  return (
    <ListCard
      titleId="history-title"
      title="History"
      what="the history"
      list={useCertificateHistory(certificateId)}
      empty="No change recorded yet."
      caption="History of changes"
      columns={columns}
    />
  );
}
