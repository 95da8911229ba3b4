import type { AccessState, CertificateStatus, ClientServiceStatus } from '../api/api-types';

// Access is "expiring soon" once 30 days or fewer are left, the threshold of the first warning e-mail.
export const EXPIRING_SOON_DAYS = 30;

export function accessLabel(state: AccessState, daysLeft: number): string {
  if (state === 'expired' || daysLeft < 0) return 'Expired';
  return daysLeft <= EXPIRING_SOON_DAYS ? 'Expiring soon' : 'Granted';
}

export function AccessBadge({ state, daysLeft }: { state: AccessState; daysLeft: number }) {
  const label = accessLabel(state, daysLeft);
  const tone = label === 'Expired' ? 'danger' : label === 'Expiring soon' ? 'warning' : 'success';
  return <span className={`badge badge-${tone}`}>{label}</span>;
}

export function CertificateStatusBadge({ status }: { status: CertificateStatus }) {
  return (
    <span className={`badge ${status === 'active' ? 'badge-success' : 'badge-neutral'}`}>
      {status === 'active' ? 'Active' : 'Inactive'}
    </span>
  );
}

const clientServiceLabels: Record<ClientServiceStatus, string> = {
  ACTIVE: 'Active',
  SUSPENDED: 'Suspended',
  INACTIVE: 'Inactive',
};

export function clientServiceStatusLabel(status: ClientServiceStatus): string {
  return clientServiceLabels[status] ?? status;
}

export function ClientServiceStatusBadge({ status }: { status: ClientServiceStatus }) {
  const tone = status === 'ACTIVE' ? 'success' : status === 'SUSPENDED' ? 'warning' : 'neutral';
  return <span className={`badge badge-${tone}`}>{clientServiceStatusLabel(status)}</span>;
}

export function daysLeftText(daysLeft: number, state: AccessState): string {
  if (state === 'expired' || daysLeft < 0) return daysLeft < 0 ? `Expired ${-daysLeft} days ago` : 'Expired';
  return daysLeft === 1 ? '1 day' : `${daysLeft} days`;
}
