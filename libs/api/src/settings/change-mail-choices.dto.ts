import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

/** An operator's own choice of e-mails; a field left out is left as it is. */
export class ChangeMailChoicesDto {
  @ApiPropertyOptional({ description: 'The warnings before an access expires' })
  @IsOptional()
  @IsBoolean()
  warnings?: boolean;

  @ApiPropertyOptional({
    description: 'The notice that an access expired (always on for issuer operators: false is refused for them)',
  })
  @IsOptional()
  @IsBoolean()
  expiries?: boolean;
}
