/**
 * A client service is one of an issuer's API clients that signs documents with one certificate.
 * Statuses: ACTIVE (may sign), SUSPENDED (temporarily stopped, e.g. when the certificate's CA
 * access expired), INACTIVE (deactivated by an operator).
 */
export type ClientServiceStatus = 'ACTIVE' | 'SUSPENDED' | 'INACTIVE';

interface Audit {
  clientServiceId: string;
  issuerId: string;
  certificateId: string;
  /** Operator id, or `system` when the service reacted to an event. */
  by: string;
  at: string;
}

/** Why a client service is suspended; `causeEventId` is the certificate event that caused it, if any. */
export interface Suspension {
  reason: string;
  causeEventId?: string;
  /** Suspended because the certificate's CA access expired: the "reactivate after renewal" action undoes these. */
  byAccessExpiry: boolean;
}

export type ClientServiceEvent =
  | {
      type: 'ClientServiceRegistered';
      data: Audit & { name: string; status: 'ACTIVE' | 'SUSPENDED'; suspension?: Suspension };
    }
  | { type: 'ClientServiceSuspended'; data: Audit & Suspension }
  | { type: 'ClientServiceActivated'; data: Audit }
  | { type: 'ClientServiceDeactivated'; data: Audit & { reason: string } };

export type ClientServiceState =
  | { status: 'unregistered' }
  | {
      status: ClientServiceStatus;
      clientServiceId: string;
      issuerId: string;
      certificateId: string;
      name: string;
      suspension?: Suspension;
    };

export const initialState = (): ClientServiceState => ({ status: 'unregistered' });

export function evolve(state: ClientServiceState, event: ClientServiceEvent): ClientServiceState {
  if (event.type === 'ClientServiceRegistered') {
    const { clientServiceId, issuerId, certificateId, name, status, suspension } = event.data;
    return { status, clientServiceId, issuerId, certificateId, name, ...(suspension ? { suspension } : {}) };
  }
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'ClientServiceSuspended': {
      const { reason, causeEventId, byAccessExpiry } = event.data;
      return {
        ...state,
        status: 'SUSPENDED',
        suspension: { reason, byAccessExpiry, ...(causeEventId ? { causeEventId } : {}) },
      };
    }
    case 'ClientServiceActivated':
      return { ...withoutSuspension(state), status: 'ACTIVE' };
    case 'ClientServiceDeactivated':
      return { ...withoutSuspension(state), status: 'INACTIVE' };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

const withoutSuspension = <S extends { suspension?: Suspension }>({ suspension: _dropped, ...rest }: S) => rest;
