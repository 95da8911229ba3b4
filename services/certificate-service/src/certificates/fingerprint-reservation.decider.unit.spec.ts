import { deciderSpec } from '@signstash/event-store/testing';
import { DomainError } from '@signstash/contracts';
import {
  FingerprintEvent,
  fingerprintDecider,
  fingerprintStreamId,
  STALE_RESERVATION_MS,
} from './fingerprint-reservation.decider';

const spec = deciderSpec(fingerprintDecider);
const T0 = new Date('2026-12-03T10:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const claim = (certificateId: string, alias = `alias of ${certificateId}`) => ({
  issuerId: 'issuer-a',
  fingerprintSha256: 'AB:CD:EF',
  certificateId,
  alias,
});
const reserved = (certificateId: string, at = T0): FingerprintEvent => ({
  type: 'FingerprintReserved',
  data: { ...claim(certificateId), at: at.toISOString() },
});
const refusedNaming = (alias: string) => (error: unknown) =>
  error instanceof DomainError &&
  error.kind === 'conflict' &&
  error.field === 'pem' &&
  error.message === `this certificate (PEM) is already registered as "${alias}"`;

describe('fingerprint reservation', () => {
  it('is one stream per issuer and fingerprint, whatever its spelling', () => {
    expect(fingerprintStreamId('issuer-a', 'AB:CD')).toBe(fingerprintStreamId('issuer-a', 'abcd'));
    expect(fingerprintStreamId('issuer-a', 'AB:CD')).not.toBe(fingerprintStreamId('issuer-b', 'AB:CD'));
  });

  it('reserves a free fingerprint', () =>
    spec
      .given([])
      .when({ type: 'ReserveFingerprint', data: { ...claim('c1'), at: T0 } })
      .then([reserved('c1')]));

  it('refuses a fingerprint held by a registered certificate, naming its current alias', () =>
    spec
      .given([reserved('c1')])
      .when({ type: 'ReserveFingerprint', data: { ...claim('c2'), at: later(3_600_000), holderAlias: 'Renamed' } })
      .thenThrows(refusedNaming('Renamed')));

  it('refuses a fingerprint whose registration is under way, naming the alias it is registered under', () =>
    spec
      .given([reserved('c1')])
      .when({ type: 'ReserveFingerprint', data: { ...claim('c2'), at: later(500) } })
      .thenThrows(refusedNaming('alias of c1')));

  it('takes over a reservation whose certificate never got registered', () =>
    spec
      .given([reserved('c1')])
      .when({ type: 'ReserveFingerprint', data: { ...claim('c2'), at: later(STALE_RESERVATION_MS) } })
      .then([reserved('c2', later(STALE_RESERVATION_MS))]));

  it('is idempotent for the holder, and released only by it', () => {
    spec
      .given([reserved('c1')])
      .when({ type: 'ReserveFingerprint', data: { ...claim('c1'), at: later(1) } })
      .then([]);
    spec
      .given([reserved('c1')])
      .when({ type: 'ReleaseFingerprint', data: { ...claim('c2'), at: later(1) } })
      .then([]);
    spec
      .given([reserved('c1')])
      .when({ type: 'ReleaseFingerprint', data: { ...claim('c1'), at: later(1) } })
      .then([{ type: 'FingerprintReleased', data: { ...claim('c1'), at: later(1).toISOString() } }]);
  });
});
