import type { AccessState, CertificateStatus } from '../certificates/certificate.answers';
import type { Page } from '../paging/page';
import type { ClientServiceStatus } from './client-service-status';

// What the client-service service answers: it returns these, and the gateway's answer classes implement them.

/** What a command left: the client service's status now. */
export interface ClientServiceOutcome {
  id: string;
  status: ClientServiceStatus;
  statusReason?: string;
}

export interface ClientService {
  id: string;
  name: string;
  certificateId: string;
  /** Empty while the certificate is not known yet. */
  certificateAlias: string;
  status: ClientServiceStatus;
  statusReason?: string;
  suspendedByExpiry: boolean;
  certificateStatus?: CertificateStatus;
  certificateAccessState?: AccessState;
  registeredAt: string;
  updatedAt: string;
}

export type ClientServicePage = Page<ClientService>;

/** A certificate's client services, all of them. */
export interface ClientServiceList {
  items: ClientService[];
}

export interface Reactivation {
  reactivated: number;
  refused: Array<{ id: string; reason: string }>;
}

export const CLIENT_SERVICE_EVENT_TYPES = [
  'ClientServiceRegistered',
  'ClientServiceSuspended',
  'ClientServiceActivated',
  'ClientServiceDeactivated',
] as const;

/** One status a client service was put in, by whom, why. */
export interface ClientServiceHistoryEntry {
  id: string;
  revision: number;
  type: (typeof CLIENT_SERVICE_EVENT_TYPES)[number];
  at: string;
  by: string;
  status: ClientServiceStatus;
  reason?: string;
  byAccessExpiry?: boolean;
}

export interface ClientServiceHistory {
  /** Newest first. */
  items: ClientServiceHistoryEntry[];
}

/** How many client services of each certificate are suspended now (the dashboard's counts). */
export interface SuspendedCounts {
  items: Array<{ certificateId: string; suspended: number }>;
}
