import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { OptionalNotNull } from '../validation/optional-not-null';

/** An operator's own choice of e-mails; a field left out is left as it is. */
export class ChangeMailChoicesDto {
  @ApiPropertyOptional({ description: 'The warnings before an access expires' })
  @OptionalNotNull()
  @IsBoolean()
  warnings?: boolean;

  @ApiPropertyOptional({
    description: 'The notice that an access expired (always on for issuer operators: false is refused for them)',
  })
  @OptionalNotNull()
  @IsBoolean()
  expiries?: boolean;
}
