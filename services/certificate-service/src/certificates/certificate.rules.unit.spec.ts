import { formatInstant } from './certificate.rules';

describe('formatInstant', () => {
  it('writes a day stored as midnight UTC as that day', () => {
    expect(formatInstant('2027-06-01T00:00:00.000Z')).toBe('01 Jun 2027');
  });

  it('writes any other instant with its time and zone, never as ISO', () => {
    expect(formatInstant('2027-12-03T11:32:07.000Z')).toBe('03 Dec 2027, 11:32 UTC');
    expect(formatInstant('2027-12-03T12:32:07+01:00')).toBe('03 Dec 2027, 11:32 UTC');
  });
});
