import { ApiProperty } from '@nestjs/swagger';
import type { OperatorRole } from '@signstash/contracts';

const ROLES: OperatorRole[] = ['issuer-operator', 'viewer'];

export class Operator {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ format: 'email' })
  email: string;

  @ApiProperty()
  issuerId: string;

  @ApiProperty()
  issuerName: string;

  @ApiProperty({ enum: ROLES, enumName: 'OperatorRole' })
  role: OperatorRole;
}

/** The operator of the session and the token every state change must carry as `X-CSRF-Token`. */
export class OperatorSession {
  @ApiProperty()
  operator: Operator;

  @ApiProperty()
  csrfToken: string;
}
