import { conflict, invalid, notFound as missing, REGULATORY_ACCESS_RULES } from '@signstash/contracts';

export { conflict, invalid };
export const notFound = () => missing('certificate');

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days left, rounded up: an access expiring in 6 days and 1 hour has 7 days left. */
export const daysLeft = (expiresAt: string, now: Date): number =>
  Math.max(0, Math.ceil((Date.parse(expiresAt) - now.getTime()) / DAY_MS));

/** The rules ("Renew CA Access"): operators are e-mailed every day of the last week before the time limit. */
export const DEFAULT_WARNING_DAYS = [7, 6, 5, 4, 3, 2, 1];

/**
 * The threshold to warn about now: of the thresholds already crossed, the latest (smallest).
 * A run that missed earlier thresholds therefore sends only the one that matters now.
 */
export function thresholdToWarn(
  expiresAt: string,
  now: Date,
  thresholds: number[],
  alreadyWarned: number[],
): number | undefined {
  const remainingMs = Date.parse(expiresAt) - now.getTime();
  if (remainingMs <= 0) return undefined;
  const crossed = thresholds.filter((days) => remainingMs <= days * DAY_MS);
  if (crossed.length === 0) return undefined;
  const latest = Math.min(...crossed);
  return alreadyWarned.some((warned) => warned <= latest) ? undefined : latest;
}

/**
 * The thresholds that can still warn in an access period. A renewal whose new grant already starts
 * inside a threshold (an issuer's 90-day warning on a 60-day grant) warns nothing for it: the
 * operator who just renewed needs no mail that minute (issue 21). A first registration keeps them all,
 * so an access registered close to its end is still announced.
 */
export function thresholdsOfPeriod(
  thresholds: number[],
  access: { grantedAt?: string; expiresAt: string; period: number },
): number[] {
  if (access.period <= 1 || !access.grantedAt) return thresholds;
  const grantedMs = Date.parse(access.expiresAt) - Date.parse(access.grantedAt);
  return thresholds.filter((days) => days * DAY_MS < grantedMs);
}

/** The signature limit in force for a grant: the one it was given with, else the regulator's. */
export const signatureLimitOf = (access: { signatureLimit?: number }): number =>
  access.signatureLimit ?? REGULATORY_ACCESS_RULES.signatureLimit;

/** What signatures used since a grant call for: nothing yet, a usage warning, or the end of the access. */
export function signatureUsageStage(signatures: number, limit: number): 'below' | 'warn' | 'limit' {
  if (signatures >= limit) return 'limit';
  return signatures > limit * REGULATORY_ACCESS_RULES.usageWarningRatio ? 'warn' : 'below';
}

export const MAX_ALIAS_LENGTH = 100;
export const MAX_DESCRIPTION_LENGTH = 1000;

export function checkAlias(alias: string): string {
  const trimmed = alias.trim();
  if (trimmed.length === 0) throw invalid('alias', 'Enter an alias.');
  if ([...trimmed].length > MAX_ALIAS_LENGTH)
    throw invalid('alias', `The alias must be at most ${MAX_ALIAS_LENGTH} characters.`);
  return trimmed;
}

export function checkDescription(description: string): string {
  const trimmed = description.trim();
  if ([...trimmed].length > MAX_DESCRIPTION_LENGTH) {
    throw invalid('description', `The description must be at most ${MAX_DESCRIPTION_LENGTH} characters.`);
  }
  return trimmed;
}

/** The access must end in the future and no later than the certificate itself. */
export function checkAccessExpiry(expiresAt: string, validTo: string, now: Date, field = 'access.expiresAt'): void {
  const expires = Date.parse(expiresAt);
  if (Number.isNaN(expires)) throw invalid(field, 'Enter a valid expiration date.');
  if (expires <= now.getTime()) throw invalid(field, 'The expiration date must be in the future.');
  if (expires > Date.parse(validTo)) {
    throw invalid(
      field,
      `The access cannot outlast the certificate, which is valid until ${formatInstant(validTo)}. Choose an earlier date.`,
    );
  }
}

// Dates inside the messages an operator reads, written as the web UI writes them (web/src/ui/format.ts):
// a day the API stores as midnight UTC is that day ("03 Dec 2027"); any other instant keeps its time
// and says its zone ("03 Dec 2027, 11:32 UTC"), since a message cannot know the reader's zone.
const day = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'UTC' });
const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

export function formatInstant(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const midnight = date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0;
  return midnight ? day.format(date) : `${day.format(date)}, ${time.format(date)} UTC`;
}
