/**
 * What a domain refuses, in terms every layer understands: `kind` tells the HTTP layer 404 / 409 / 400
 * without the domain knowing HTTP, `field` names the input at fault, and `code` tells a client which
 * refusal it is where one status covers several (a taken alias and a concurrent change are both 409s).
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'invalid';

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
export const notFound = (what: string) =>
  new DomainError('not-found', `This ${what} does not exist or does not belong to your issuer.`);
export const conflict = (message: string, field?: string, code?: ConflictCode) =>
  new DomainError('conflict', message, field, code);
