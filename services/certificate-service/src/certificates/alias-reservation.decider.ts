import { conflict } from './certificate.rules';

/**
 * An alias is unique per issuer, case-insensitively. Each (issuer, alias) has a tiny
 * reservation stream; appending with its expected revision makes two registrations racing
 * for the same alias see a conflict instead of both succeeding.
 */
export const aliasStreamId = (issuerId: string, alias: string): string =>
  `certificatealias-${issuerId}:${encodeURIComponent(alias.trim().toLowerCase())}`;

export type AliasEvent =
  | { type: 'AliasReserved'; data: { issuerId: string; alias: string; certificateId: string } }
  | { type: 'AliasReleased'; data: { issuerId: string; alias: string; certificateId: string } };

export type AliasCommand =
  | { type: 'ReserveAlias'; data: { issuerId: string; alias: string; certificateId: string } }
  | { type: 'ReleaseAlias'; data: { issuerId: string; alias: string; certificateId: string } };

export type AliasState = { status: 'free' } | { status: 'reserved'; certificateId: string };

export const aliasDecider = {
  initialState: (): AliasState => ({ status: 'free' }),

  evolve: (_state: AliasState, event: AliasEvent): AliasState =>
    event.type === 'AliasReserved'
      ? { status: 'reserved', certificateId: event.data.certificateId }
      : { status: 'free' },

  decide: (command: AliasCommand, state: AliasState): AliasEvent[] => {
    const holder = state.status === 'reserved' ? state.certificateId : undefined;
    if (command.type === 'ReserveAlias') {
      if (holder === command.data.certificateId) return [];
      if (holder !== undefined)
        throw conflict(
          `The alias “${command.data.alias}” is already used by another certificate. Choose another alias.`,
          'alias',
          'alias-taken',
        );
      return [{ type: 'AliasReserved', data: command.data }];
    }
    return holder === command.data.certificateId ? [{ type: 'AliasReleased', data: command.data }] : [];
  },
};
