import { deciderSpec } from '@signstash/event-store/testing';
import { aliasDecider, aliasStreamId, AliasEvent } from './alias-reservation.decider';

const spec = deciderSpec(aliasDecider);
const claim = (certificateId: string) => ({ issuerId: 'issuer-a', alias: 'Main', certificateId });
const reserved = (certificateId: string): AliasEvent => ({ type: 'AliasReserved', data: claim(certificateId) });
const released = (certificateId: string): AliasEvent => ({ type: 'AliasReleased', data: claim(certificateId) });

describe('alias reservation', () => {
  it('is one stream per issuer and case-insensitive alias', () => {
    expect(aliasStreamId('issuer-a', ' Main Signing ')).toBe(aliasStreamId('issuer-a', 'main signing'));
    expect(aliasStreamId('issuer-a', 'main')).not.toBe(aliasStreamId('issuer-b', 'main'));
  });

  it('reserves a free alias', () =>
    spec
      .given([])
      .when({ type: 'ReserveAlias', data: claim('c1') })
      .then([reserved('c1')]));

  it('refuses an alias held by another certificate', () =>
    spec
      .given([reserved('c1')])
      .when({ type: 'ReserveAlias', data: claim('c2') })
      .thenThrows(
        (e) => (e as { kind: string; field: string }).kind === 'conflict' && (e as { field: string }).field === 'alias',
      ));

  it('is idempotent for the holder', () =>
    spec
      .given([reserved('c1')])
      .when({ type: 'ReserveAlias', data: claim('c1') })
      .then([]));

  it('can be reserved again once released', () =>
    spec
      .given([reserved('c1'), released('c1')])
      .when({ type: 'ReserveAlias', data: claim('c2') })
      .then([reserved('c2')]));

  it('is released only by its holder', () => {
    spec
      .given([reserved('c1')])
      .when({ type: 'ReleaseAlias', data: claim('c2') })
      .then([]);
    spec
      .given([reserved('c1')])
      .when({ type: 'ReleaseAlias', data: claim('c1') })
      .then([released('c1')]);
  });
});
