import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsTextLine } from '../validation/not-blank';
import { DescribedAs } from '../openapi/described-validation';
import { CLIENT_SERVICE_STATUSES, ClientServiceStatus } from './client-service-status';

// The ValidateIf below, for the OpenAPI document: suspending takes a reason.
@DescribedAs({ anyOf: [{ properties: { status: { enum: ['ACTIVE', 'INACTIVE'] } } }, { required: ['reason'] }] })
export class ChangeClientServiceStatusDto {
  @ApiProperty({ enum: CLIENT_SERVICE_STATUSES })
  @IsIn(CLIENT_SERVICE_STATUSES)
  status: ClientServiceStatus;

  @ApiPropertyOptional({ description: 'Required to suspend' })
  // Checked when suspending or when given at all (null included: it is no reason); absent otherwise.
  @ValidateIf((dto: ChangeClientServiceStatusDto) => dto.status === 'SUSPENDED' || dto.reason !== undefined)
  @IsString()
  @MaxLength(500)
  @IsTextLine()
  reason?: string;
}
