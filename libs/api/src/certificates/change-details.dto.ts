import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DescribedAs } from '../openapi/described-validation';
import { IsText, IsTextLine } from '../validation/not-blank';

/** A change names at least one field: an empty one is refused (400 naming `body`), not a no-op 200. */
@DescribedAs({ minProperties: 1 })
export class ChangeDetailsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsTextLine()
  alias?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @IsText()
  description?: string;
}
