import { ListCertificatesDto } from '@signstash/api';
import { listFilter } from './certificate-list.query';

const query = (fields: Partial<ListCertificatesDto>) => Object.assign(new ListCertificatesDto(), fields);
const now = new Date('2026-06-01T00:00:00Z');

describe('certificate list filter', () => {
  it('answers a combination that can match nothing with nothing, not a refusal', () => {
    expect(listFilter('i', query({ accessState: 'expired', expiringWithinDays: 7 }), now)).toMatchObject({
      accessState: { $in: [] },
    });
    expect(listFilter('i', query({ registeredFrom: '2026-05-02', registeredTo: '2026-05-01' }), now)).toMatchObject({
      registeredDay: { $gte: '2026-05-02', $lte: '2026-05-01' },
    });
  });

  it('keeps "expiring within" to accesses still granted', () => {
    expect(listFilter('i', query({ expiringWithinDays: 7 }), now)).toMatchObject({
      accessState: 'granted',
      accessExpiresAt: { $lte: new Date('2026-06-08T00:00:00Z') },
    });
  });
});
