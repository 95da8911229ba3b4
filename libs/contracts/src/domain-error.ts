/**
 * What a domain refuses, in terms every layer understands: `kind` tells the HTTP layer 404 / 409 / 400
 * / 422 without the domain knowing HTTP (`invalid`: the input is malformed, which the request's schema
 * could say; `rule`: well-formed, but a business rule no schema can state refuses it, e.g. a date that
 * must be in the future, a PEM that must hold a valid certificate), `field` names the input at fault, and `code` tells a client which
 * refusal it is where one status covers several (a taken alias and a concurrent change are both 409s).
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'invalid' | 'rule';

/** The 409s a client tells apart; `concurrent-change` is the HTTP layer's, for a stale expected revision. */
export type ConflictCode = 'alias-taken' | 'concurrent-change' | (string & {});

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly field?: string,
    readonly code?: ConflictCode,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (field: string, message: string) => new DomainError('invalid', message, field);
export const ruleBroken = (field: string, message: string) => new DomainError('rule', message, field);
export const notFound = (what: string) =>
  new DomainError('not-found', `This ${what} does not exist or does not belong to your issuer.`);
export const conflict = (message: string, field?: string, code?: ConflictCode) =>
  new DomainError('conflict', message, field, code);
