import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant } from '../validation/calendar';

export class RenewAccessDto {
  @ApiProperty({ description: 'The new expiration of the CA access', format: 'date-time' })
  @IsInstant()
  expiresAt: string;

  @ApiPropertyOptional({ description: 'A new credential id, when the CA issued one' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  credentialId?: string;

  @ApiPropertyOptional({ description: 'A new CA / provider name, when it changed' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  provider?: string;
}
