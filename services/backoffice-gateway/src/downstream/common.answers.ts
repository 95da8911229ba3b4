import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What every part of the gateway's API answers alike: a page of a list, and the refusals.

/** The base of a page of `item`s: `class CertificatePage extends PageOf(CertificateSummary) {}`. */
export function PageOf<T>(item: Type<T>) {
  class Page {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({ type: 'integer' })
    total: number;

    @ApiProperty({ type: 'integer' })
    page: number;

    @ApiProperty({ type: 'integer' })
    pageSize: number;
  }
  return Page;
}

export class FieldError {
  @ApiProperty({ example: 'access.expiresAt' })
  field: string;

  @ApiProperty()
  reason: string;
}

/** What the gateway answers when it, or the owning service it relays, refuses a request. */
export class Problem {
  @ApiProperty({ type: 'integer' })
  statusCode: number;

  @ApiPropertyOptional()
  error?: string;

  @ApiProperty()
  message: string;
}

/** A 400 or 409: `fields` names each field at fault, when the refusal is about fields. */
export class FieldErrors extends Problem {
  @ApiPropertyOptional({ type: [FieldError] })
  fields?: FieldError[];
}

/** A 409: `code` tells a concurrent change (reload and retry) from a refusal with its own reason. */
export class ConflictErrors extends FieldErrors {
  @ApiPropertyOptional({ example: 'alias-taken', description: '`concurrent-change`, `alias-taken`, …' })
  code?: string;
}
