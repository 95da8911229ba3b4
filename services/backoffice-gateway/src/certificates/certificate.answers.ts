import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCESS_STATES, CERTIFICATE_STATUSES } from '@signstash/api';
import type * as Api from '@signstash/api';
import { PageOf } from '../downstream/common.answers';

// The certificate service's answers (libs/api) as the gateway passes them on, with the operators' names it adds.

const status = { enum: CERTIFICATE_STATUSES, enumName: 'CertificateStatus' };
const accessState = { enum: ACCESS_STATES, enumName: 'AccessState' };
/** How other answers (a client service's) name a certificate's status and CA access. */
export const certificateEnums = { status, accessState };
const instant = { format: 'date-time' };

/** The new revision of what a command changed; the ETag says it too. */
export class Revisioned implements Api.Revisioned {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: 'integer' })
  revision: number;
}

/** One row of the certificates table. */
export class CertificateSummary implements Api.CertificateSummary {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  alias: string;

  @ApiProperty(status)
  status: (typeof CERTIFICATE_STATUSES)[number];

  @ApiProperty(instant)
  registeredAt: string;

  @ApiProperty({ description: 'The name of the Certificate Authority that granted the access' })
  provider: string;

  @ApiProperty(instant)
  accessExpiresAt: string;

  @ApiProperty(accessState)
  accessState: (typeof ACCESS_STATES)[number];

  @ApiProperty({ type: 'integer', description: 'Whole days until the access expires; 0 once expired' })
  daysLeft: number;
}

export class CertificatePage extends PageOf(CertificateSummary) implements Api.CertificatePage {}

/** What the X.509 certificate itself says. */
export class CertificateFacts implements Api.CertificateFacts {
  @ApiProperty()
  subject: string;

  @ApiProperty()
  issuingCa: string;

  @ApiProperty()
  serialNumber: string;

  @ApiProperty(instant)
  validFrom: string;

  @ApiProperty(instant)
  validTo: string;

  @ApiProperty()
  fingerprintSha256: string;

  @ApiProperty({ type: [String] })
  keyUsage: string[];
}

/** The signatures applied since the grant, as the signing side reported them. */
export class AccessSignatures implements Api.AccessSignatures {
  @ApiProperty({ type: 'integer' })
  used: number;

  @ApiProperty({ type: 'integer', description: 'The limit in force: the grant’s, else the regulator’s 1,000,000,000' })
  limit: number;

  @ApiProperty({ description: 'used / limit' })
  share: number;

  @ApiPropertyOptional({
    ...instant,
    description: 'When the limit is reached at the rate since the grant, if before the time limit',
  })
  limitReachedAt?: string;
}

/** The access the issuer granted Sign'Stash at the Certificate Authority. */
export class CertificateAccess implements Api.CertificateAccess {
  @ApiProperty({
    description:
      'The configured Certificate Authority, or `manual` for an access recorded by hand (a CA without a CSC API, and accesses recorded before CAs were configured)',
    example: 'local-test-ca',
  })
  ca: string;

  @ApiProperty({ description: "The CA's name when the access was granted", example: 'Local test CA' })
  caName: string;

  @ApiPropertyOptional({
    type: 'integer',
    description: 'The signature limit in force for this grant (absent for manual accesses)',
  })
  signatureLimit?: number;

  @ApiProperty()
  credentialId: string;

  @ApiProperty(instant)
  grantedAt: string;

  @ApiProperty(instant)
  expiresAt: string;

  @ApiProperty(accessState)
  state: (typeof ACCESS_STATES)[number];

  @ApiProperty({ type: 'integer', description: 'Registration starts period 1, each renewal the next' })
  period: number;

  @ApiProperty({ type: 'integer' })
  daysLeft: number;

  @ApiPropertyOptional({ type: 'integer', description: 'The last expiry warning of this period, in days before' })
  lastWarningThresholdDays?: number;

  @ApiPropertyOptional(instant)
  expiredAt?: string;

  @ApiPropertyOptional({ enum: ['time', 'signatures'], description: 'Which limit ended the access' })
  expiryReason?: 'time' | 'signatures';

  @ApiPropertyOptional({ ...instant, description: 'The last warning of the signatures used in this period' })
  usageWarnedAt?: string;

  @ApiProperty()
  signatures: AccessSignatures;
}

export class CertificateDetails implements Api.CertificateDetails {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  alias: string;

  @ApiProperty()
  description: string;

  @ApiProperty(status)
  status: (typeof CERTIFICATE_STATUSES)[number];

  @ApiPropertyOptional()
  statusReason?: string;

  @ApiProperty()
  certificate: CertificateFacts;

  @ApiProperty()
  access: CertificateAccess;

  @ApiProperty(instant)
  registeredAt: string;

  @ApiProperty({ description: 'Operator id' })
  registeredBy: string;

  @ApiPropertyOptional({ description: "The operator's name, when the gateway knows the id" })
  registeredByName?: string;

  @ApiProperty(instant)
  updatedAt: string;

  @ApiProperty({ description: 'Operator id, or `system`' })
  updatedBy: string;

  @ApiPropertyOptional()
  updatedByName?: string;

  @ApiProperty({ type: 'integer' })
  revision: number;
}

export class FieldChange implements Api.FieldChange {
  @ApiProperty({ example: 'access.expiresAt' })
  field: string;

  @ApiProperty()
  from: string;

  @ApiProperty()
  to: string;
}

/** One line of a certificate's history. */
export class HistoryEntry implements Api.CertificateHistoryEntry {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    type: 'integer',
    description: "The revision of the event in its stream (the client service's on its lines)",
  })
  revision: number;

  @ApiProperty({
    example: 'CertificateStatusChanged',
    description:
      'A certificate event, or ClientServiceSuspended / ClientServiceActivated / ClientServiceRegistered for what ' +
      'happened to one of its client services because of it (suspended by the expiry, reactivated after the renewal)',
  })
  type: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'On a client-service line: the client service' })
  clientServiceId?: string;

  @ApiPropertyOptional({ description: 'On a client-service line: its name' })
  clientServiceName?: string;

  @ApiProperty(instant)
  at: string;

  @ApiProperty({ description: 'Operator id, or `system`' })
  by: string;

  @ApiPropertyOptional({ description: "The operator's name, when the gateway knows the id" })
  byName?: string;

  @ApiProperty()
  summary: string;

  @ApiProperty({ type: [FieldChange] })
  changes: FieldChange[];
}

export class CertificateHistory implements Api.CertificateHistory {
  @ApiProperty({ type: [HistoryEntry], description: 'Newest first' })
  items: HistoryEntry[];
}
