import type { CertificateListDocument } from '../certificate-list/certificate-list.document';
import { csvField, csvHeader, csvRow } from './certificate-csv';

describe('certificate CSV (RFC 4180, formula-safe)', () => {
  it('leaves plain fields alone and quotes those with quotes, commas or line breaks', () => {
    expect(csvField('Payroll EU')).toBe('Payroll EU');
    expect(csvField('Payroll, EU')).toBe('"Payroll, EU"');
    expect(csvField('The "main" one')).toBe('"The ""main"" one"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(3)).toBe('3');
  });

  it('prefixes a text that a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t'])
      expect(csvField(`${start}HYPERLINK("x")`)).toBe(`"'${start}HYPERLINK(""x"")"`);
    expect(csvField('=1+2')).toBe("'=1+2");
    expect(csvField('a=b')).toBe('a=b');
  });

  it('writes a header and one CRLF-terminated row per certificate, instants in ISO 8601', () => {
    const document: CertificateListDocument = {
      _id: '6f1c2d3e-0000-4000-8000-000000000001',
      issuerId: 'acme',
      alias: '=cmd|"/c calc"!A1, "EU"',
      aliasLower: '',
      status: 'active',
      registeredAt: new Date('2026-01-31T08:00:00Z'),
      registeredDay: '2026-01-31',
      provider: 'Multicert',
      accessExpiresAt: new Date('2027-01-31T08:00:00Z'),
      accessState: 'granted',
      accessPeriod: 2,
      warnedThresholds: [],
      validTo: new Date('2028-01-31T00:00:00Z'),
      revision: 3,
    };
    expect(csvHeader()).toBe(
      'id,alias,status,registeredAt,provider,accessExpiresAt,accessState,accessPeriod,validTo\r\n',
    );
    expect(csvRow(document)).toBe(
      '6f1c2d3e-0000-4000-8000-000000000001,"\'=cmd|""/c calc""!A1, ""EU""",active,2026-01-31T08:00:00.000Z,' +
        'Multicert,2027-01-31T08:00:00.000Z,granted,2,2028-01-31T00:00:00.000Z\r\n',
    );
  });
});
