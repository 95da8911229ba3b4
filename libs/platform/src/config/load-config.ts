import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service}: invalid environment\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Variables holding secrets: a problem with one names it, never its value (the message is logged). */
const isSecret = (property: string) => /(_KEY|_SECRET|_PASSWORD)$/.test(property);

const describe = (error: ValidationError): string =>
  error.value === undefined
    ? `${error.property} is required but not set`
    : `${error.property}=${isSecret(error.property) ? '(hidden)' : JSON.stringify(error.value)}: ${Object.values(error.constraints ?? { invalid: 'is invalid' }).join('; ')}`;

/**
 * Reads a service's environment into its typed config class. Env values are strings,
 * so properties are converted with class-transformer (`@Type(() => Number)` etc.) and
 * defaults come from property initialisers. Any problem names the variable.
 */
export function loadConfig<T extends object>(
  service: string,
  schema: new () => T,
  env: Record<string, string | undefined> = process.env,
): T {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(schema, present, { exposeDefaultValues: true, enableImplicitConversion: false });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(service, errors.map(describe));
  return config;
}
