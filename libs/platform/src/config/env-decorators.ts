import { Transform } from 'class-transformer';

/** Env values are strings: these convert them before validation, leaving bad input visible. */
export const EnvInt = () =>
  Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value));

export const EnvList = () =>
  Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : value,
  );

export const EnvBool = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

export const EnvIntList = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const items = value.split(',').map((item) => item.trim());
    return items.every((item) => /^-?\d+$/.test(item)) ? items.map(Number) : value;
  });
