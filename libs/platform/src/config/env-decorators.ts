import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

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

/** A whole number from the environment, at least `min` (and at most `max`): the same checks in every service. */
export const EnvInteger =
  (min: number, max?: number): PropertyDecorator =>
  (target, property) => {
    // In the order stacked decorators apply (the last first), so the messages come as they did.
    if (max !== undefined) Max(max)(target, property);
    Min(min)(target, property);
    IsInt()(target, property);
    EnvInt()(target, property);
  };

/** A TCP port to listen on or reach. */
export const EnvPort = () => EnvInteger(1, 65535);
