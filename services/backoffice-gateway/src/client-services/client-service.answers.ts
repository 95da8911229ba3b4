import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from '../downstream/common.answers';
import { certificateEnums } from '../certificates/certificate.answers';
import { CLIENT_SERVICE_EVENT_TYPES, CLIENT_SERVICE_STATUSES, type ClientServiceStatus } from '@signstash/api';
import type * as Api from '@signstash/api';

// The client-service service's answers (libs/api) as the gateway passes them on.

const status = { enum: CLIENT_SERVICE_STATUSES, enumName: 'ClientServiceStatus' };

/** What a command left: the client service's status now. */
export class ClientServiceOutcome implements Api.ClientServiceOutcome {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty(status)
  status: ClientServiceStatus;

  @ApiPropertyOptional({ description: 'Why it is suspended or inactive' })
  statusReason?: string;
}

export class ClientService implements Api.ClientService {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ format: 'uuid' })
  certificateId: string;

  @ApiProperty({ description: 'Empty while the certificate is not known yet' })
  certificateAlias: string;

  @ApiProperty(status)
  status: ClientServiceStatus;

  @ApiPropertyOptional()
  statusReason?: string;

  @ApiProperty({ description: "Suspended because its certificate's CA access expired" })
  suspendedByExpiry: boolean;

  @ApiPropertyOptional({
    ...certificateEnums.status,
    description: "Its certificate's status: an ACTIVE client service cannot sign while it is inactive",
  })
  certificateStatus?: 'active' | 'inactive';

  @ApiPropertyOptional({ ...certificateEnums.accessState, description: "Its certificate's CA access" })
  certificateAccessState?: 'granted' | 'expired';

  @ApiProperty({ format: 'date-time' })
  registeredAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class ClientServicePage extends PageOf(ClientService) implements Api.ClientServicePage {}

export class ClientServiceList implements Api.ClientServiceList {
  @ApiProperty({ type: [ClientService] })
  items: ClientService[];
}

export class ReactivationRefusal {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  reason: string;
}

export class Reactivation implements Api.Reactivation {
  @ApiProperty({ type: 'integer' })
  reactivated: number;

  @ApiProperty({ type: [ReactivationRefusal] })
  refused: ReactivationRefusal[];
}

/** One status a client service was put in, by whom, why (its history, newest first). */
export class ClientServiceHistoryEntry implements Api.ClientServiceHistoryEntry {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: 'integer', description: 'The revision of the event in the client service stream' })
  revision: number;

  @ApiProperty({
    enum: CLIENT_SERVICE_EVENT_TYPES,
    enumName: 'ClientServiceEventType',
  })
  type: Api.ClientServiceHistoryEntry['type'];

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ description: 'Operator id, or `system`' })
  by: string;

  @ApiPropertyOptional({ description: "The operator's name, when the gateway knows the id" })
  byName?: string;

  @ApiProperty({ ...status, description: 'The status it was left in' })
  status: ClientServiceStatus;

  @ApiPropertyOptional({ description: 'Why it was suspended or deactivated' })
  reason?: string;

  @ApiPropertyOptional({ description: "Suspended because its certificate's CA access expired" })
  byAccessExpiry?: boolean;
}

export class ClientServiceHistory implements Api.ClientServiceHistory {
  @ApiProperty({ type: [ClientServiceHistoryEntry] })
  items: ClientServiceHistoryEntry[];
}
