import type { Notification } from '../../api/api-types';
import { columnHelper } from '../../ui/table-features';
import { formatDateTime } from '../../ui/format';
import { ListCard } from '../../ui/list-card';
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
  // No longer true (the access was renewed, or it expired before the mail could go): not sent.
  withdrawn: { label: 'Not sent: no longer true', tone: 'neutral' },
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
  return (
    <ListCard
      titleId="emails-title"
      title="E-mails sent"
      what="the e-mails"
      list={useCertificateNotifications(certificateId)}
      empty="No e-mail was sent about this certificate yet. Operators are e-mailed when its CA access is about to expire."
      caption="E-mails sent about this certificate"
      columns={columns}
    />
  );
}
