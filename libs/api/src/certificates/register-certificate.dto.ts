import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsInstant } from '../validation/calendar';
import { IsTextLine } from '../validation/not-blank';
import { CertificateAliasRules, CertificateDescriptionRules } from './certificate-text.decorators';

export class CaAccessDto {
  @ApiProperty({ description: 'The Certificate Authority / provider holding the certificate', example: 'Multicert' })
  @IsString()
  @MaxLength(200)
  @IsTextLine()
  provider: string;

  @ApiProperty({ description: "The credential id Sign'Stash uses at the CA", example: 'cred-7781' })
  @IsString()
  @MaxLength(200)
  @IsTextLine()
  credentialId: string;

  @ApiPropertyOptional({ description: 'When the issuer granted the access (defaults to now)', format: 'date-time' })
  @IsOptional()
  @IsInstant()
  grantedAt?: string;

  @ApiProperty({ description: 'When the access expires', format: 'date-time' })
  @IsInstant()
  expiresAt: string;
}

export class RegisterCertificateDto {
  @ApiProperty({ example: 'Invoicing signature' })
  @CertificateAliasRules()
  alias: string;

  @ApiPropertyOptional({ example: 'Signs the monthly invoices' })
  @IsOptional()
  @CertificateDescriptionRules()
  description?: string;

  @ApiProperty({ description: 'The X.509 certificate in PEM (-----BEGIN CERTIFICATE----- …)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  pem: string;

  @ApiProperty({ type: CaAccessDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CaAccessDto)
  access: CaAccessDto;
}
