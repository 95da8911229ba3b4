import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DescribedAs } from '../openapi/described-validation';
import { CertificateAliasRules, CertificateDescriptionRules } from './certificate-text.decorators';

/** A change names at least one field: an empty one is refused (400 naming `body`), not a no-op 200. */
@DescribedAs({ minProperties: 1 })
export class ChangeDetailsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @CertificateAliasRules()
  alias?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @CertificateDescriptionRules()
  description?: string;
}
