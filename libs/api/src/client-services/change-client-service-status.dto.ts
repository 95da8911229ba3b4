import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, ValidateIf, IsNotEmpty } from 'class-validator';
import { CLIENT_SERVICE_STATUSES, ClientServiceStatus } from './client-service-status';

export class ChangeClientServiceStatusDto {
  @ApiProperty({ enum: CLIENT_SERVICE_STATUSES })
  @IsIn(CLIENT_SERVICE_STATUSES)
  status: ClientServiceStatus;

  @ApiPropertyOptional({ description: 'Required to suspend' })
  @ValidateIf((dto: ChangeClientServiceStatusDto) => dto.status === 'SUSPENDED' || dto.reason !== undefined)
  @IsString() @IsNotEmpty() @MaxLength(500)
  @IsOptional()
  reason?: string;
}
