import { isDay } from '../ui/day-text';

// Checks the form can make before asking the server, which validates again and has the last word.

export const ALIAS_MAX = 100;
export const DESCRIPTION_MAX = 500;
const pemPattern = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

export function aliasError(alias: string): string | undefined {
  const value = alias.trim();
  if (!value) return 'Enter an alias.';
  if (value.length > ALIAS_MAX) return `The alias must be at most ${ALIAS_MAX} characters.`;
  return undefined;
}

export function descriptionError(description: string): string | undefined {
  return description.length > DESCRIPTION_MAX
    ? `The description must be at most ${DESCRIPTION_MAX} characters.`
    : undefined;
}

export function pemError(pem: string): string | undefined {
  if (!pem.trim()) return 'Upload or paste the certificate in PEM format.';
  if (!pemPattern.test(pem)) {
    return 'This is not a PEM certificate: it must start with "-----BEGIN CERTIFICATE-----" and end with "-----END CERTIFICATE-----".';
  }
  return undefined;
}

export function requiredError(value: string, message: string): string | undefined {
  return value.trim() ? undefined : message;
}

/** A date field's text that is no day, as its error says it. */
export const dayFormatError = (label: string) => `Enter the ${label} as a day, e.g. 06 Dec 2026.`;

/** Dates are YYYY-MM-DD strings from date fields, so they compare as text. */
export function futureDateError(value: string, today: string, label: string): string | undefined {
  if (!value) return `Enter the ${label}.`;
  if (!isDay(value)) return dayFormatError(label);
  if (value <= today) return `The ${label} must be after today.`;
  return undefined;
}
