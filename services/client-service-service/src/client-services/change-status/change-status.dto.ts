import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, ValidateIf, IsNotEmpty } from 'class-validator';
import type { ClientServiceStatus } from '../client-service.aggregate';

export class ChangeClientServiceStatusDto {
  @ApiProperty({ enum: ['ACTIVE', 'SUSPENDED', 'INACTIVE'] })
  @IsIn(['ACTIVE', 'SUSPENDED', 'INACTIVE'])
  status: ClientServiceStatus;

  @ApiPropertyOptional({ description: 'Required to suspend' })
  @ValidateIf((dto: ChangeClientServiceStatusDto) => dto.status === 'SUSPENDED' || dto.reason !== undefined)
  @IsString() @IsNotEmpty() @MaxLength(500)
  @IsOptional()
  reason?: string;
}
