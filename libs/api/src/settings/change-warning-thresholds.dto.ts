import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, Max, Min } from 'class-validator';

// Room for the rules' default (every day of the last week) and a few earlier days besides.
export const MAX_WARNING_THRESHOLDS = 10;
export const MAX_WARNING_DAYS = 365;

export class ChangeWarningThresholdsDto {
  @ApiProperty({
    description: `The days before an access expires at which its issuer's operators are warned (1 to ${MAX_WARNING_THRESHOLDS}, each 1–${MAX_WARNING_DAYS})`,
    example: [7, 6, 5, 4, 3, 2, 1],
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
