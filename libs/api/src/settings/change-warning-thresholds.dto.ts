import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, Max, Min } from 'class-validator';

export const MAX_WARNING_THRESHOLDS = 5;
export const MAX_WARNING_DAYS = 365;

export class ChangeWarningThresholdsDto {
  @ApiProperty({
    description: `The days before an access expires at which its issuer's operators are warned (1 to ${MAX_WARNING_THRESHOLDS}, each 1–${MAX_WARNING_DAYS})`,
    example: [30, 7, 1],
    type: [Number],
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'Give at least one number of days.' })
  @ArrayMaxSize(MAX_WARNING_THRESHOLDS, { message: `Give at most ${MAX_WARNING_THRESHOLDS} numbers of days.` })
  @ArrayUnique({ message: 'Give each number of days once.' })
  @IsInt({ each: true, message: 'Each number of days must be a whole number.' })
  @Min(1, { each: true, message: `Each number of days must be between 1 and ${MAX_WARNING_DAYS}.` })
  @Max(MAX_WARNING_DAYS, { each: true, message: `Each number of days must be between 1 and ${MAX_WARNING_DAYS}.` })
  thresholdsDays: number[];
}
