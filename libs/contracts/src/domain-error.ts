/**
 * What a domain refuses, in terms every layer understands: `kind` tells the HTTP layer 404 / 409 / 400
 * without the domain knowing HTTP, and `field` names the input at fault.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'invalid';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (field: string, message: string) => new DomainError('invalid', message, field);
export const notFound = (what: string) => new DomainError('not-found', `${what} not found`);
export const conflict = (message: string, field?: string) => new DomainError('conflict', message, field);
