import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '../paging/page-query.dto';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DAY_PATTERN, IsCalendarDay } from '../validation/calendar';

export const SORT_FIELDS = ['registeredAt', 'alias', 'accessExpiresAt'] as const;

/** Filters of the certificates table. Dates are calendar days (UTC), both ends inclusive. */
export class ListCertificatesDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the alias, any case' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  alias?: string;

  @ApiPropertyOptional({
    description: 'Registered on or after this day',
    example: '2026-01-31',
    format: 'date',
    pattern: DAY_PATTERN,
  })
  @IsOptional()
  @IsCalendarDay()
  registeredFrom?: string;

  @ApiPropertyOptional({
    description: 'Registered on or before this day',
    example: '2026-12-31',
    format: 'date',
    pattern: DAY_PATTERN,
  })
  @IsOptional()
  @IsCalendarDay()
  registeredTo?: string;

  @ApiPropertyOptional({ enum: ['granted', 'expired'] })
  @IsOptional()
  @IsIn(['granted', 'expired'])
  accessState?: 'granted' | 'expired';

  @ApiPropertyOptional({ description: 'Only accesses still granted that expire within this many days' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  expiringWithinDays?: number;

  @ApiPropertyOptional({ enum: SORT_FIELDS, default: 'registeredAt' })
  @IsOptional()
  @IsIn(SORT_FIELDS)
  sort: (typeof SORT_FIELDS)[number] = 'registeredAt';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';
}
