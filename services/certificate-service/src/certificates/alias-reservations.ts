import { EventStore, Reservation, runCommand } from '@signstash/event-store';
import type { Actor } from '@signstash/platform';
import type { CertificateEvent } from './certificate.aggregate';
import { AliasCommand, aliasDecider, aliasStreamId } from './alias-reservation.decider';

/** The alias a certificate's new events take, and the one they give up (none on registration). */
function aliasMove(events: CertificateEvent[], issuerId: string): { to: string; from?: string } | undefined {
  for (const event of events) {
    if (event.type === 'CertificateRegistered') return { to: event.data.alias };
    if (event.type === 'CertificateDetailsChanged' && event.data.alias) {
      const { from, to } = event.data.alias;
      // A change of case keeps the reservation: aliases are unique case-insensitively.
      return aliasStreamId(issuerId, from) === aliasStreamId(issuerId, to) ? undefined : { from, to };
    }
  }
  return undefined;
}

/**
 * The `reserve` hook of certificate commands: the alias the events take is reserved on its own stream
 * before they are appended (a taken alias is a 409 and nothing is appended), given back if the append
 * fails, and the alias they replace is released once they are in.
 */
export const reserveAliases =
  (store: EventStore, actor: Actor, certificateId: string) =>
  async (events: CertificateEvent[]): Promise<Reservation | undefined> => {
    const move = aliasMove(events, actor.issuerId);
    if (!move) return undefined;
    const alias = (type: AliasCommand['type'], name: string) =>
      runCommand(
        store,
        aliasStreamId(actor.issuerId, name),
        aliasDecider,
        { type, data: { issuerId: actor.issuerId, alias: name, certificateId } },
        actor,
      );
    await alias('ReserveAlias', move.to);
    return {
      undo: async () => void (await alias('ReleaseAlias', move.to)),
      kept: async () => void (move.from !== undefined && (await alias('ReleaseAlias', move.from))),
    };
  };
