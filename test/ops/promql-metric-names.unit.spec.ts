import { metricNames } from './promql-metric-names';

describe('metricNames (PromQL)', () => {
  it('keeps the series and leaves out functions, labels, grouping, ranges and numbers', () => {
    expect(
      metricNames(
        '(max by (issuer, alias) (a_expiry_seconds{job="x, y"}) - time()) < 7 * 24 * 3600 > 0 ' +
          'and on (certificate_id) (max by (certificate_id) (b_active) > 0) or increase(c_total[15m]) > 1e3',
      ).sort(),
    ).toEqual(['a_expiry_seconds', 'b_active', 'c_total']);
  });

  it('finds a bare series', () => {
    expect(metricNames('signstash_projection_parked_events > 0')).toEqual(['signstash_projection_parked_events']);
  });
});
