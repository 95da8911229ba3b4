import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CLIENT_SERVICE_STATUSES, ClientServiceStatus } from './client-service-status';

export class ListClientServicesDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  certificateId?: string;

  @ApiPropertyOptional({ enum: CLIENT_SERVICE_STATUSES })
  @IsOptional()
  @IsIn(CLIENT_SERVICE_STATUSES)
  status?: ClientServiceStatus;

  @ApiPropertyOptional({ type: 'integer', default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page = 1;

  @ApiPropertyOptional({ type: 'integer', default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize = 20;
}
