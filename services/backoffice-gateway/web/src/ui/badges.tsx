import type { AccessState, CertificateStatus, ClientServiceStatus } from '../api/api-types';
import { DAY_MS, timeLeft } from './format';
import { useNow } from './use-now';

// Access is "expiring soon" once 30 days or fewer are left, the threshold of the first warning e-mail.
export const EXPIRING_SOON_DAYS = 30;

export type AccessCondition = 'Granted' | 'Expiring soon' | 'Expired';

/** A CA access as of `now`: expired once its instant is past, even before the server has recorded it. */
export function accessCondition(state: AccessState, expiresAt: string, now: number): AccessCondition {
  const left = timeLeft(expiresAt, now, state === 'expired');
  if (left.expired) return 'Expired';
  return left.ms <= EXPIRING_SOON_DAYS * DAY_MS ? 'Expiring soon' : 'Granted';
}

/**
 * Whether a renewal just gave the access less than the 30 days of "expiring soon": then "renew it" is
 * no advice (renewing again gives no more) until the grant's second half. As the mails, which give no
 * warning for a threshold a renewal starts inside of.
 */
export function renewedInsideWindow(
  access: { period: string | number; grantedAt: string; expiresAt: string },
  now: number,
): boolean {
  if (Number(access.period) < 2) return false;
  const granted = Date.parse(access.grantedAt);
  const length = Date.parse(access.expiresAt) - granted;
  return length <= EXPIRING_SOON_DAYS * DAY_MS && now - granted < length / 2;
}

const accessTones: Record<AccessCondition, string> = {
  Granted: 'success',
  'Expiring soon': 'warning',
  Expired: 'danger',
};

/** The CA access badge; `labelled` names what it is about ("CA access expired") where it stands alone. */
export function AccessBadge({
  state,
  expiresAt,
  labelled = false,
}: {
  state: AccessState;
  expiresAt: string;
  labelled?: boolean;
}) {
  const condition = accessCondition(state, expiresAt, useNow());
  const text = labelled ? `CA access ${condition.toLowerCase()}` : condition;
  return <span className={`badge badge-${accessTones[condition]}`}>{text}</span>;
}

/**
 * Whether the access, still granted, has crossed the warning share of its signature limit: the
 * certificate service records that crossing (the usage warning mailed to the operators) and a
 * renewal clears it, so the page shows what the mails said.
 */
export const signatureLimitNear = (access: { state: AccessState; usageWarnedAt?: string }): boolean =>
  access.state !== 'expired' && access.usageWarnedAt !== undefined;

/** Beside the access badge while the signature limit is near: the access ends at the limit, whatever its date. */
export function SignatureLimitBadge() {
  return <span className="badge badge-warning">Signature limit near</span>;
}

/** "5 hours", "12 days", "Expired 3 days ago", kept current while the page is open. */
export function TimeLeftText({ state, expiresAt }: { state: AccessState; expiresAt: string }) {
  const left = timeLeft(expiresAt, useNow(), state === 'expired');
  return <>{left.text}</>;
}

export function certificateStatusLabel(status: CertificateStatus): string {
  return status === 'active' ? 'Active' : 'Inactive';
}

/** The certificate's own status; `labelled` reads "Certificate active" where it stands beside the access badge. */
export function CertificateStatusBadge({
  status,
  labelled = false,
}: {
  status: CertificateStatus;
  labelled?: boolean;
}) {
  const label = certificateStatusLabel(status);
  return (
    <span className={`badge ${status === 'active' ? 'badge-success' : 'badge-neutral'}`}>
      {labelled ? `Certificate ${label.toLowerCase()}` : label}
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

/**
 * What an ACTIVE client service's status does not say by itself: that it cannot sign while its
 * certificate is inactive (or its CA access expired, until the suspension that follows is recorded).
 */
export function cannotSignNote(service: {
  status: ClientServiceStatus;
  certificateStatus?: CertificateStatus;
  certificateAccessState?: AccessState;
}): string | undefined {
  if (service.status !== 'ACTIVE') return undefined;
  if (service.certificateStatus === 'inactive') return 'cannot sign while its certificate is inactive';
  if (service.certificateAccessState === 'expired')
    return 'cannot sign while the CA access of its certificate is expired';
  return undefined;
}

/** The client service's status, with what it means when its certificate stops it from signing. */
export function ClientServiceStatusBadge({
  status,
  certificateStatus,
  certificateAccessState,
}: {
  status: ClientServiceStatus;
  certificateStatus?: CertificateStatus;
  certificateAccessState?: AccessState;
}) {
  const note = cannotSignNote({ status, certificateStatus, certificateAccessState });
  const tone = note ? 'warning' : status === 'ACTIVE' ? 'success' : status === 'SUSPENDED' ? 'warning' : 'neutral';
  const badge = <span className={`badge badge-${tone}`}>{clientServiceStatusLabel(status)}</span>;
  if (!note) return badge;
  return (
    <span className="status-with-note">
      {badge} <span className="status-note">— {note}</span>
    </span>
  );
}

// The reasons the client-service service records by itself, in the operator's words; an operator's own reason is shown as typed.
const systemReasons: Record<string, string> = {
  'certificate access expired': 'The CA access of its certificate expired',
  'certificate is inactive': 'Its certificate is inactive',
  'deactivated by an operator': 'Deactivated by an operator',
};

export function describeStatusReason(reason: string | undefined): string {
  if (!reason) return '';
  return systemReasons[reason] ?? reason;
}
