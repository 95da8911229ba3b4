import type { Issued } from '@signstash/contracts';
import { ClientServiceEvent, ClientServiceState, evolve, initialState } from './client-service.aggregate';
import { conflict, invalid, notFound } from './client-service.rules';

/** What this service knows of a certificate, from `signstash.certificates.v1`. */
export interface CertificateView {
  certificateId: string;
  issuerId: string;
  status: 'active' | 'inactive';
  accessState: 'granted' | 'expired';
}

export const ACCESS_EXPIRED_REASON = 'certificate access expired';
export const CERTIFICATE_INACTIVE_REASON = 'certificate is inactive';

/** Why a client service cannot be active on this certificate now, or undefined when it can. */
export const blockingReason = (certificate: CertificateView): string | undefined =>
  certificate.accessState === 'expired'
    ? ACCESS_EXPIRED_REASON
    : certificate.status === 'inactive'
      ? CERTIFICATE_INACTIVE_REASON
      : undefined;

export type ClientServiceCommand =
  | {
      type: 'RegisterClientService';
      data: Issued & {
        clientServiceId: string;
        name: string;
        certificate: CertificateView | undefined;
      };
    }
  | { type: 'ActivateClientService'; data: Issued & { certificate: CertificateView | undefined } }
  | { type: 'SuspendClientService'; data: Issued & { reason: string; causeEventId?: string; byAccessExpiry?: boolean } }
  | { type: 'DeactivateClientService'; data: Issued & { reason?: string } };

type Registered = Exclude<ClientServiceState, { status: 'unregistered' }>;

const audit = (state: Registered, data: Issued) => ({
  clientServiceId: state.clientServiceId,
  issuerId: state.issuerId,
  certificateId: state.certificateId,
  by: data.by,
  at: data.at.toISOString(),
});

function register(
  command: Extract<ClientServiceCommand, { type: 'RegisterClientService' }>,
  state: ClientServiceState,
): ClientServiceEvent[] {
  if (state.status !== 'unregistered') throw conflict('This client service is already registered.');
  const { clientServiceId, issuerId, certificate, by, at } = command.data;
  const name = command.data.name.trim();
  if (!name) throw invalid('name', 'Enter a name for the client service.');
  if ([...name].length > 100) throw invalid('name', 'The name must be at most 100 characters.');
  if (!certificate || certificate.issuerId !== issuerId)
    throw invalid('certificateId', 'Your issuer has no such certificate.');
  const reason = blockingReason(certificate);
  return [
    {
      type: 'ClientServiceRegistered',
      data: {
        clientServiceId,
        issuerId,
        certificateId: certificate.certificateId,
        by,
        at: at.toISOString(),
        name,
        ...(reason
          ? { status: 'SUSPENDED' as const, suspension: { reason, byAccessExpiry: reason === ACCESS_EXPIRED_REASON } }
          : { status: 'ACTIVE' as const }),
      },
    },
  ];
}

export function decide(command: ClientServiceCommand, state: ClientServiceState): ClientServiceEvent[] {
  if (command.type === 'RegisterClientService') return register(command, state);
  // The one issuer check: another issuer's client service is answered exactly like a missing one.
  if (state.status === 'unregistered' || state.issuerId !== command.data.issuerId) throw notFound();
  switch (command.type) {
    case 'ActivateClientService': {
      if (state.status === 'ACTIVE') return [];
      const certificate = command.data.certificate;
      if (!certificate)
        throw conflict('The certificate of this client service is not known yet. Try again in a moment.');
      const reason = blockingReason(certificate);
      if (reason) {
        throw conflict(
          reason === ACCESS_EXPIRED_REASON
            ? 'This client service cannot be activated: the CA access of its certificate expired. Renew the access first.'
            : 'This client service cannot be activated: its certificate is inactive. Activate the certificate first.',
        );
      }
      return [{ type: 'ClientServiceActivated', data: audit(state, command.data) }];
    }
    case 'SuspendClientService': {
      if (state.status !== 'ACTIVE') return [];
      const reason = command.data.reason.trim();
      if (!reason) throw invalid('reason', 'Enter the reason for suspending the client service.');
      const { causeEventId, byAccessExpiry = false } = command.data;
      return [
        {
          type: 'ClientServiceSuspended',
          data: { ...audit(state, command.data), reason, byAccessExpiry, ...(causeEventId ? { causeEventId } : {}) },
        },
      ];
    }
    case 'DeactivateClientService': {
      if (state.status === 'INACTIVE') return [];
      return [
        {
          type: 'ClientServiceDeactivated',
          data: { ...audit(state, command.data), reason: command.data.reason?.trim() || 'deactivated by an operator' },
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

export const clientServiceDecider = { initialState, evolve, decide };
