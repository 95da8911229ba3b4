import type { Reservation } from '@signstash/event-store';
import type { CertificateEvent } from './certificate.aggregate';

type ReserveHook = (events: CertificateEvent[]) => Promise<Reservation | undefined>;

/**
 * Several `reserve` hooks as one (the alias, then the PEM): each claims in turn; when one is refused
 * the claims already made are given back, so a refused registration holds nothing.
 */
export const reserveInTurn =
  (...hooks: ReserveHook[]): ReserveHook =>
  async (events) => {
    const made: Reservation[] = [];
    try {
      for (const hook of hooks) {
        const reservation = await hook(events);
        if (reservation) made.push(reservation);
      }
    } catch (error) {
      for (const reservation of made.reverse()) await reservation.undo();
      throw error;
    }
    if (made.length === 0) return undefined;
    return {
      undo: async () => {
        for (const reservation of [...made].reverse()) await reservation.undo();
      },
      kept: async () => {
        for (const reservation of made) await reservation.kept?.();
      },
    };
  };
