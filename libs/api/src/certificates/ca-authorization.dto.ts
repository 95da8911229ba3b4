import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsText, IsTextLine } from '../validation/not-blank';
import { OptionalNotNull } from '../validation/optional-not-null';
import { RegisterCertificateDto } from './register-certificate.dto';

/** The browser asks to be sent to a CA: to add a certificate, or to renew one certificate's access. */
export class StartCaAuthorizationDto {
  @ApiProperty({
    description: 'The id of a configured Certificate Authority (GET /api/certificate-authorities)',
    example: 'local-test-ca',
  })
  @IsString()
  @MaxLength(100)
  @IsTextLine()
  ca: string;

  @ApiPropertyOptional({ description: 'To renew: the certificate whose CA access is renewed', format: 'uuid' })
  @OptionalNotNull()
  @IsUUID()
  certificateId?: string;
}

/** What the CA sent back to the backoffice's return page (its query string), passed on as it came. */
export class CaReturnDto {
  @ApiPropertyOptional({ description: 'The authorization code, when the CA granted the access' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  code?: string;

  @ApiPropertyOptional({
    description: 'The OAuth error, when the operator cancelled or the CA denied',
    example: 'access_denied',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsTextLine()
  error?: string;

  @ApiPropertyOptional({ description: "The CA's words about the error" })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @IsText()
  errorDescription?: string;
}

/** The credential the operator picked among those the CA offered, with the certificate's alias and description. */
export class RegisterFromCaDto extends PickType(RegisterCertificateDto, ['alias', 'description'] as const) {
  @ApiProperty({ description: 'One of the credentials the CA offered on return', example: 'signer1' })
  @IsString()
  @MaxLength(200)
  @IsTextLine()
  credentialId: string;
}

/** The gateway adds the session an authorization is bound to (a hash of the session, never the session itself). */
const SESSION_BINDING = /^[0-9a-f]{64}$/;

export class ServiceStartCaAuthorizationDto extends StartCaAuthorizationDto {
  @ApiProperty({ description: 'The session the authorization is bound to (a SHA-256, hex)' })
  @Matches(SESSION_BINDING)
  sessionBinding: string;

  @ApiProperty({ description: 'Where the CA sends the browser back (the backoffice return page)' })
  @IsString()
  @Matches(/^https?:\/\/[^\s]+$/)
  @MaxLength(500)
  redirectUri: string;
}

export class ServiceCaReturnDto extends CaReturnDto {
  @ApiProperty({ description: 'The session the authorization is bound to (a SHA-256, hex)' })
  @Matches(SESSION_BINDING)
  sessionBinding: string;
}

export class ServiceRegisterFromCaDto extends RegisterFromCaDto {
  @ApiProperty({ description: 'The session the authorization is bound to (a SHA-256, hex)' })
  @Matches(SESSION_BINDING)
  sessionBinding: string;
}
