import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What the gateway answers when it, or the owning service it relays, refuses a request.

export class FieldError {
  @ApiProperty({ example: 'access.expiresAt' })
  field: string;

  @ApiProperty()
  reason: string;
}

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
