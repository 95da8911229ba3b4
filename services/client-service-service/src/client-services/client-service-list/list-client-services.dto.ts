import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { ClientServiceStatus } from '../client-service.aggregate';

export class ListClientServicesDto {
  @ApiPropertyOptional()
  @IsOptional() @IsUUID()
  certificateId?: string;

  @ApiPropertyOptional({ enum: ['ACTIVE', 'SUSPENDED', 'INACTIVE'] })
  @IsOptional() @IsIn(['ACTIVE', 'SUSPENDED', 'INACTIVE'])
  status?: ClientServiceStatus;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  page = 1;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  pageSize = 20;
}
