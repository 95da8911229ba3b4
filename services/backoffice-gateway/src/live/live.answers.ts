import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { LiveEvent } from './live-event';

/** The data of a `change` event of `GET /api/events`: which queries went stale, never the event's content. */
export class LiveChange implements LiveEvent {
  @ApiProperty({ enum: ['certificates', 'client-services'] })
  topic: LiveEvent['topic'];

  @ApiProperty({ example: 'AccessExpired' })
  type: string;

  @ApiProperty({ format: 'uuid' })
  certificateId: string;

  @ApiPropertyOptional({ format: 'uuid' })
  clientServiceId?: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt: string;
}
