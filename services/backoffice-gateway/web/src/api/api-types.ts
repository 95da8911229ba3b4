// The gateway's public JSON contract, as the web UI consumes it.

export type Role = string;

export interface Operator {
  id: string;
  name: string;
  email: string;
  issuerId: string;
  issuerName: string;
  role: Role;
}

export interface Session {
  operator: Operator;
  csrfToken: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type CertificateStatus = 'active' | 'inactive';
export type AccessState = 'granted' | 'expired';
export type CertificateSortField = 'registeredAt' | 'alias' | 'accessExpiresAt';
export type SortOrder = 'asc' | 'desc';

export interface CertificateSummary {
  id: string;
  alias: string;
  status: CertificateStatus;
  registeredAt: string;
  provider: string;
  accessExpiresAt: string;
  accessState: AccessState;
  daysLeft: number;
}

export interface CertificateQuery {
  alias?: string;
  registeredFrom?: string;
  registeredTo?: string;
  accessState?: AccessState;
  expiringWithinDays?: number;
  sort?: CertificateSortField;
  order?: SortOrder;
  page?: number;
  pageSize?: number;
}

export interface CertificateDetails {
  id: string;
  alias: string;
  description: string;
  status: CertificateStatus;
  statusReason?: string;
  certificate: {
    subject: string;
    issuingCa: string;
    serialNumber: string;
    validFrom: string;
    validTo: string;
    fingerprintSha256: string;
    keyUsage: string[];
  };
  access: {
    provider: string;
    credentialId: string;
    grantedAt: string;
    expiresAt: string;
    state: AccessState;
    period: string;
    daysLeft: number;
  };
  registeredAt: string;
  registeredBy: string;
  /** The operator's name, when the gateway knows the id. */
  registeredByName?: string;
  updatedAt: string;
  updatedBy: string;
  updatedByName?: string;
  revision: number;
}

export interface RegisterCertificateInput {
  alias: string;
  description?: string;
  pem: string;
  access: { provider: string; credentialId: string; grantedAt?: string; expiresAt: string };
}

export interface HistoryEntry {
  id: string;
  type: string;
  at: string;
  by: string;
  byName?: string;
  summary: string;
  changes: Array<{ field: string; from: unknown; to: unknown }>;
}

export type ClientServiceStatus = 'ACTIVE' | 'SUSPENDED' | 'INACTIVE';

export interface CertificateClientService {
  id: string;
  name: string;
  status: ClientServiceStatus;
  statusReason?: string;
  suspendedByExpiry: boolean;
}

export interface ClientService {
  id: string;
  name: string;
  certificateId: string;
  certificateAlias: string;
  status: ClientServiceStatus;
  statusReason?: string;
}

export interface ClientServiceQuery {
  certificateId?: string;
  status?: ClientServiceStatus;
  page?: number;
  pageSize?: number;
}

export interface Notification {
  id: string;
  kind: 'AccessExpiring' | 'AccessExpired';
  recipient: string;
  createdAt: string;
  status: 'pending' | 'sent' | 'failed';
  sentAt?: string;
  attempts: number;
  lastError?: string;
}

export interface Revisioned {
  id: string;
  revision: number;
}

export interface FieldError {
  field: string;
  reason: string;
}

export type AttentionBucketKey = 'expired' | 'within7' | 'within30' | 'within90';

export interface AttentionRow {
  id: string;
  alias: string;
  status: CertificateStatus;
  accessExpiresAt: string;
  accessState: AccessState;
  daysLeft: number;
  suspendedClientServices: number;
}

export interface Attention {
  suspendedClientServices: number;
  buckets: Array<{ key: AttentionBucketKey; total: number; items: AttentionRow[] }>;
}

/** A `change` event of the gateway's stream (`GET /api/events`). */
export interface LiveChange {
  topic: 'certificates' | 'client-services';
  type: string;
  certificateId: string;
  clientServiceId?: string;
  occurredAt: string;
}
