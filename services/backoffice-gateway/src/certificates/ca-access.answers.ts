import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CA_AUTHORIZATION_PURPOSES } from '@signstash/api';
import type * as Api from '@signstash/api';

// The CA access flow's answers, as the certificate service gives them.

export class AccessRulesAnswer implements Api.AccessRules {
  @ApiProperty({ type: 'integer', description: 'Days an access lasts from its grant', example: 60 })
  periodDays: number;

  @ApiProperty({ type: 'integer', description: 'Signatures allowed from the grant', example: 1_000_000_000 })
  signatureLimit: number;

  @ApiProperty({ description: 'Share of the signature limit past which operators are warned', example: 0.9 })
  usageWarningRatio: number;
}

export class CertificateAuthorityAnswer {
  @ApiProperty({ example: 'local-test-ca' })
  id: string;

  @ApiProperty({ example: 'Local test CA' })
  name: string;

  @ApiProperty()
  rules: AccessRulesAnswer;
}

export class CertificateAuthorityList implements Api.CertificateAuthorityList {
  @ApiProperty({ type: [CertificateAuthorityAnswer] })
  items: CertificateAuthorityAnswer[];
}

export class CaAuthorizationStarted implements Api.CaAuthorizationStarted {
  @ApiProperty({ description: "The CA's authorization page: send the browser there" })
  authorizationUrl: string;
}

/** A credential the CA offered, described from its certificate as the CA returned it. */
export class OfferedCredentialAnswer implements Api.OfferedCredential {
  @ApiProperty({ example: 'signer1' })
  credentialId: string;

  @ApiPropertyOptional()
  description?: string;

  @ApiProperty()
  subject: string;

  @ApiProperty()
  issuingCa: string;

  @ApiProperty({ format: 'date-time' })
  validFrom: string;

  @ApiProperty({ format: 'date-time' })
  validTo: string;

  @ApiProperty()
  fingerprintSha256: string;
}

/**
 * Back from the CA. For a registration: the credentials to pick from. For a renewal: the access was
 * renewed (the certificate's new revision); its page offers to reactivate the suspended client services.
 */
export class CaReturnAnswer implements Api.CaReturn {
  @ApiProperty({ enum: CA_AUTHORIZATION_PURPOSES, enumName: 'CaAuthorizationPurpose' })
  purpose: Api.CaReturn['purpose'];

  @ApiPropertyOptional({ description: 'Registration: the CA' })
  ca?: string;

  @ApiPropertyOptional({ description: "Registration: the CA's name" })
  caName?: string;

  @ApiPropertyOptional({ type: [OfferedCredentialAnswer], description: 'Registration: the credentials the CA offered' })
  credentials?: OfferedCredentialAnswer[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Renewal: the certificate renewed' })
  certificateId?: string;

  @ApiPropertyOptional({ type: 'integer', description: "Renewal: the certificate's new revision" })
  revision?: number;
}
