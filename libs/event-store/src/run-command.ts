import { currentCorrelationId } from '@signstash/platform';
import { CommandFrom, CommandResult, handleCommand, HandleCommandOptions } from './command-handler';
import type { Decider, DomainEvent } from './decider';
import type { EventMetadata, EventStore } from './event-store.port';

/** Who a command runs for: an operator through HTTP, or `system`; `causationId` when it reacts to an event. */
export interface CommandIssuer {
  operatorId: string;
  correlationId?: string;
  causationId?: string;
}

/**
 * The services' one conflict policy. A command the caller did not pin to a revision (no If-Match) is
 * re-read, re-decided and re-appended when another writer got in first: the decider sees the newer
 * state, so every rule still holds, and the caller, having claimed no revision, has nothing to resolve.
 * A pinned one (If-Match, or a new stream) is never retried: the stale claim is the caller's 409.
 */
export const CONFLICT_RETRIES = 3;

export const commandMetadata = (issuer: CommandIssuer): EventMetadata => {
  const correlationId = issuer.correlationId ?? currentCorrelationId();
  return {
    actor: issuer.operatorId,
    ...(correlationId ? { correlationId } : {}),
    ...(issuer.causationId ? { causationId: issuer.causationId } : {}),
  };
};

/** `handleCommand` with the conflict policy above and the issuer's metadata on every event. */
export function runCommand<State, Command, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command, Event>,
  command: CommandFrom<State, Command>,
  issuer: CommandIssuer,
  options: Omit<HandleCommandOptions<Event, State>, 'metadata' | 'retryOnConflict'> = {},
): Promise<CommandResult<State, Event>> {
  return handleCommand(store, streamId, decider, command, {
    ...options,
    retryOnConflict: CONFLICT_RETRIES,
    metadata: commandMetadata(issuer),
  });
}
