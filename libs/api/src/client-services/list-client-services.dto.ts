import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '../paging/page-query.dto';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { CLIENT_SERVICE_STATUSES, ClientServiceStatus } from './client-service-status';

export class ListClientServicesDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  certificateId?: string;

  @ApiPropertyOptional({ enum: CLIENT_SERVICE_STATUSES })
  @IsOptional()
  @IsIn(CLIENT_SERVICE_STATUSES)
  status?: ClientServiceStatus;
}
