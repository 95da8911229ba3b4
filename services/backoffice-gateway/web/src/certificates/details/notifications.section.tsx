import type { Notification } from '../../api/api-types';
import { DataTable } from '../../ui/data-table';
import { columnHelper } from '../../ui/table-features';
import { EmptyState, ErrorState, Loading } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { useCertificateNotifications } from './certificate-queries';

const kindLabels: Record<Notification['kind'], string> = {
  AccessExpiring: 'Access about to expire',
  AccessExpired: 'Access expired',
  AccessUsageWarned: 'Signatures near the limit',
};

const statusLabels: Record<Notification['status'], { label: string; tone: string }> = {
  pending: { label: 'Pending', tone: 'neutral' },
  sent: { label: 'Delivered', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
};

const helper = columnHelper<Notification>();
const columns = helper.columns([
  helper.accessor('kind', { header: 'E-mail', cell: (info) => kindLabels[info.getValue()] ?? info.getValue() }),
  helper.accessor('recipient', { header: 'To' }),
  helper.accessor('createdAt', {
    header: 'Created',
    meta: { className: 'nowrap' },
    cell: (info) => formatDateTime(info.getValue()),
  }),
  helper.accessor('status', {
    header: 'Delivery',
    cell: (info) => {
      const { label, tone } = statusLabels[info.getValue()] ?? { label: info.getValue(), tone: 'neutral' };
      return <span className={`badge badge-${tone}`}>{label}</span>;
    },
  }),
  helper.accessor('sentAt', {
    header: 'Sent at',
    meta: { className: 'nowrap' },
    cell: (info) => formatDateTime(info.getValue()),
  }),
  helper.accessor('attempts', { header: 'Attempts', meta: { className: 'numeric' } }),
  helper.accessor('lastError', { header: 'Last error', cell: (info) => info.getValue() ?? '' }),
]);

export function NotificationsSection({ certificateId }: { certificateId: string }) {
  const notifications = useCertificateNotifications(certificateId);
  return (
    <section className="card" aria-labelledby="emails-title">
      <div className="card-header">
        <h2 id="emails-title">E-mails sent</h2>
      </div>
      {notifications.isPending ? (
        <Loading label="Loading the e-mails…" />
      ) : notifications.isError ? (
        <ErrorState what="the e-mails" error={notifications.error} onRetry={() => void notifications.refetch()} />
      ) : notifications.data.items.length === 0 ? (
        <EmptyState>
          <p>
            No e-mail was sent about this certificate yet. Operators are e-mailed when its CA access is about to expire.
          </p>
        </EmptyState>
      ) : (
        <DataTable
          caption="E-mails sent about this certificate"
          columns={columns}
          data={notifications.data.items}
          getRowId={(n) => n.id}
        />
      )}
    </section>
  );
}
