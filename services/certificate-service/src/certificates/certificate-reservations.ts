import type { Reservation } from '@signstash/event-store';
import type { CertificateEvent } from './certificate.aggregate';

type ReserveHook = (events: CertificateEvent[]) => Promise<Reservation | undefined>;

/**
 * Several `reserve` hooks as one (the alias and the PEM). They claim at the same time: their streams
 * are independent, so their appends share one commit of the store and the PEM's look-up of an older
 * holder overlaps the alias's claim. When one is refused, the claims the others made are given back
 * (a refused registration holds nothing) and the first refusal in hook order is the answer, as when
 * they claimed in turn.
 */
export const reserveTogether =
  (...hooks: ReserveHook[]): ReserveHook =>
  async (events) => {
    const outcomes = await Promise.allSettled(hooks.map((hook) => hook(events)));
    const made = outcomes.flatMap((outcome) =>
      outcome.status === 'fulfilled' && outcome.value ? [outcome.value] : [],
    );
    const refused = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (refused) {
      await Promise.all(made.map((reservation) => reservation.undo()));
      throw refused.reason;
    }
    if (made.length === 0) return undefined;
    return {
      undo: async () => void (await Promise.all(made.map((reservation) => reservation.undo()))),
      kept: async () => void (await Promise.all(made.map((reservation) => reservation.kept?.()))),
    };
  };
