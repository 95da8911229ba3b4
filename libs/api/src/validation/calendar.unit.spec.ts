import { ArgumentMetadata } from '@nestjs/common';
import { validationPipe } from '@signstash/platform';
import { ListCertificatesDto } from '../certificates/list-certificates.dto';
import { RegisterCertificateDto } from '../certificates/register-certificate.dto';
import { RenewAccessDto } from '../certificates/renew-access.dto';
import { calendarDayProblem, instantProblem } from './calendar';

const fieldsOf = async (
  value: unknown,
  metatype: ArgumentMetadata['metatype'],
  type: ArgumentMetadata['type'] = 'body',
) => {
  try {
    await validationPipe().transform(value, { type, metatype });
    return [];
  } catch (error) {
    return (error as { getResponse(): { fields: unknown[] } }).getResponse().fields;
  }
};

describe('calendar values', () => {
  it.each([
    ['2026-13-45', 'month 13 does not exist'],
    ['2026-02-29', '2026-02 has no day 29'],
    ['2026-04-31', '2026-04 has no day 31'],
    ['0000-01-01', 'year 0000 does not exist'],
    ['2026-1-5', 'must be a day written YYYY-MM-DD'],
  ])('refuses the day %s: %s', (day, reason) => expect(calendarDayProblem(day)).toBe(reason));

  it.each(['2024-02-29', '2026-12-31', '2026-01-01'])('accepts the day %s', (day) =>
    expect(calendarDayProblem(day)).toBeUndefined(),
  );

  it.each([
    ['2026-13-45T00:00:00Z', 'month 13 does not exist'],
    ['2026-02-30T10:00:00Z', '2026-02 has no day 30'],
    ['2026-02-28T25:00:00Z', '25:00:00 is not a time of day'],
    ['2026-02-28T10:60:00+01:00', '10:60:00 is not a time of day'],
    ['2026-02-28T10:00:00+24:00', '+24:00 is not a UTC offset'],
    ['2026-02-28', 'must be a date and time in RFC 3339 with its offset, e.g. 2026-06-30T00:00:00Z'],
    ['2026-02-28T10:00:00', 'must be a date and time in RFC 3339 with its offset, e.g. 2026-06-30T00:00:00Z'],
  ])('refuses the instant %s: %s', (instant, reason) => expect(instantProblem(instant)).toBe(reason));

  it.each(['2026-06-30T00:00:00Z', '2024-02-29T23:59:59.999+05:30', '2026-06-30t00:00:00z'])(
    'accepts the instant %s',
    (instant) => expect(instantProblem(instant)).toBeUndefined(),
  );

  it('names the field and the reason in the 400 of each DTO that carries a day or an instant', async () => {
    expect(
      await fieldsOf({ registeredFrom: '2026-13-45', registeredTo: '2026-02-30' }, ListCertificatesDto, 'query'),
    ).toEqual([
      { field: 'registeredFrom', reason: 'registeredFrom month 13 does not exist' },
      { field: 'registeredTo', reason: 'registeredTo 2026-02 has no day 30' },
    ]);
    expect(
      await fieldsOf(
        {
          alias: 'a',
          pem: 'p',
          access: {
            provider: 'CA',
            credentialId: 'c',
            grantedAt: '2026-04-31T00:00:00Z',
            expiresAt: '2026-13-01T00:00:00Z',
          },
        },
        RegisterCertificateDto,
      ),
    ).toEqual([
      { field: 'access.grantedAt', reason: 'grantedAt 2026-04 has no day 31' },
      { field: 'access.expiresAt', reason: 'expiresAt month 13 does not exist' },
    ]);
    expect(await fieldsOf({ expiresAt: '2026-06-30T24:00:00Z' }, RenewAccessDto)).toEqual([
      { field: 'expiresAt', reason: 'expiresAt 24:00:00 is not a time of day' },
    ]);
    expect(await fieldsOf({ expiresAt: '2026-06-30T23:00:00Z' }, RenewAccessDto)).toEqual([]);
  });
});
