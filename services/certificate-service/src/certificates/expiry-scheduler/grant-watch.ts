import type { EventStore, RecordedEvent, Subscription } from '@signstash/event-store';
import type { AccessRenewed, CertificateRegistered } from '../certificate.aggregate';
import { CERTIFICATE_CATEGORY } from '../certificate.stream';
import type { ExpiryCandidate } from './expiry-candidates.port';

const GRANTS = { streamCategories: [CERTIFICATE_CATEGORY], eventTypes: ['CertificateRegistered', 'AccessRenewed'] };

/** How long a grant is remembered here: by then the certificate list projection shows it. */
const REMEMBER_MS = 30_000;

type Grant = RecordedEvent & (CertificateRegistered | AccessRenewed);

/**
 * Follows the grants (registrations and renewals) appended by any replica, live, so the scheduler
 * re-arms its timer for an access it has not seen yet. The grants of the last seconds are also handed
 * to the pass beside the read model's candidates: the projection may not show a grant made a moment
 * ago, and an access registered a few seconds before its expiry must still expire at the instant.
 */
export class GrantWatch {
  private subscription?: Subscription;
  private readonly recent = new Map<string, { candidate: ExpiryCandidate; seenAt: number }>();

  constructor(
    private readonly store: EventStore,
    private readonly onGrant: (candidate: ExpiryCandidate) => void,
  ) {}

  async start(): Promise<void> {
    if (this.subscription) return;
    const after = await this.store.headPosition(GRANTS);
    this.subscription = this.store.subscribeToAll(
      {
        onEvent: async (event) => {
          const candidate = candidateOf(event as Grant);
          this.recent.set(candidate.certificateId, { candidate, seenAt: Date.now() });
          this.onGrant(candidate);
        },
      },
      { after, filter: GRANTS },
    );
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    this.recent.clear();
    await subscription?.stop();
  }

  /** An access the scheduler has expired (or found expired): the read model speaks for it from now on. */
  forget(candidate: ExpiryCandidate): void {
    if (this.recent.get(candidate.certificateId)?.candidate.expiresAt === candidate.expiresAt)
      this.recent.delete(candidate.certificateId);
  }

  /** The grants of the last seconds (the read model may not show them yet). */
  recentGrants(): ExpiryCandidate[] {
    const cutoff = Date.now() - REMEMBER_MS;
    for (const [id, { seenAt }] of this.recent) if (seenAt < cutoff) this.recent.delete(id);
    return [...this.recent.values()].map(({ candidate }) => candidate);
  }
}

function candidateOf(event: Grant): ExpiryCandidate {
  const { certificateId, issuerId, access } = event.data;
  return {
    certificateId,
    issuerId,
    expiresAt: access.expiresAt,
    grantedAt: access.grantedAt,
    period: event.type === 'AccessRenewed' ? event.data.period : 1,
    warnedThresholds: [],
  };
}

/** The read model's candidates, and the grants it may not show yet (a newer period wins). */
export function withRecentGrants(found: ExpiryCandidate[], recent: ExpiryCandidate[]): ExpiryCandidate[] {
  const byId = new Map(found.map((candidate) => [candidate.certificateId, candidate]));
  for (const grant of recent) {
    const known = byId.get(grant.certificateId);
    if (!known || known.period < grant.period) byId.set(grant.certificateId, grant);
  }
  return [...byId.values()];
}
