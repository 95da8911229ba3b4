import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsNotBlank } from '../validation/not-blank';
import { DescribedAs } from '../openapi/described-validation';
import { CLIENT_SERVICE_STATUSES, ClientServiceStatus } from './client-service-status';

// The ValidateIf below, for the OpenAPI document: suspending takes a reason.
@DescribedAs({ anyOf: [{ properties: { status: { enum: ['ACTIVE', 'INACTIVE'] } } }, { required: ['reason'] }] })
export class ChangeClientServiceStatusDto {
  @ApiProperty({ enum: CLIENT_SERVICE_STATUSES })
  @IsIn(CLIENT_SERVICE_STATUSES)
  status: ClientServiceStatus;

  @ApiPropertyOptional({ description: 'Required to suspend' })
  @ValidateIf((dto: ChangeClientServiceStatusDto) => dto.status === 'SUSPENDED' || dto.reason !== undefined)
  @IsString() @MaxLength(500) @IsNotBlank()
  @IsOptional()
  reason?: string;
}
