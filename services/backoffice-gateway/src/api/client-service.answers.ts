import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from './common.answers';
import { CLIENT_SERVICE_STATUSES, type ClientServiceStatus } from '@signstash/api';

// The client-service service's answers as the gateway passes them on.

const status = { enum: CLIENT_SERVICE_STATUSES, enumName: 'ClientServiceStatus' };

/** What a command left: the client service's status now. */
export class ClientServiceOutcome {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty(status)
  status: ClientServiceStatus;

  @ApiPropertyOptional({ description: 'Why it is suspended or inactive' })
  statusReason?: string;
}

export class ClientService {
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

  @ApiProperty({ format: 'date-time' })
  registeredAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class ClientServicePage extends PageOf(ClientService) {}

export class ClientServiceList {
  @ApiProperty({ type: [ClientService] })
  items: ClientService[];
}

export class ReactivationRefusal {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  reason: string;
}

export class Reactivation {
  @ApiProperty({ type: 'integer' })
  reactivated: number;

  @ApiProperty({ type: [ReactivationRefusal] })
  refused: ReactivationRefusal[];
}
