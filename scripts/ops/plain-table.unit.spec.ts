import { plainTable } from './plain-table';

describe('plainTable', () => {
  it('aligns columns under their header, numbers to the right, with no index column and no quotes', () => {
    const table = plainTable([
      { projection: 'certificate_list', checkpoint: 12n, parked: 0, error: 'none' },
      { projection: 'history', checkpoint: 1234n, parked: 15, error: undefined },
    ]);
    expect(table.split('\n')).toEqual([
      'projection        checkpoint  parked  error',
      '----------------  ----------  ------  -----',
      'certificate_list          12       0  none',
      'history                 1234      15',
    ]);
  });

  it('prints dates as ISO instants and nothing for no rows', () => {
    expect(plainTable([{ at: new Date('2026-12-03T10:00:00Z') }])).toContain('2026-12-03T10:00:00.000Z');
    expect(plainTable([])).toBe('');
  });
});
