import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsTextLine } from '../validation/not-blank';
import { IsInstant } from '../validation/calendar';

export class RenewAccessDto {
  @ApiProperty({ description: 'The new expiration of the CA access', format: 'date-time' })
  @IsInstant()
  expiresAt: string;

  @ApiPropertyOptional({ description: 'A new credential id, when the CA issued one' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsTextLine()
  credentialId?: string;

  @ApiPropertyOptional({ description: 'A new CA / provider name, when it changed' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsTextLine()
  provider?: string;

  @ApiPropertyOptional({
    description:
      'true to renew to an expiration earlier than the current one; without it (the default) such a renewal is a 409 naming this field',
  })
  @IsOptional()
  @IsBoolean()
  confirmEarlierExpiry?: boolean;
}
