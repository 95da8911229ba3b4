import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@signstash/platform';
import { ChangeWarningThresholdsDto } from '@signstash/api';
import { WarningThresholds } from './warning-thresholds.service';
import type { IssuerWarningThresholds } from '@signstash/api';

/** An issuer's warning thresholds and their changes; changing them takes effect at the next expiry pass. */
@ApiTags('settings')
@Controller('issuers/:issuerId/warning-thresholds')
export class WarningThresholdsController {
  constructor(private readonly thresholds: WarningThresholds) {}

  @Get()
  read(@CurrentActor() actor: Actor): Promise<IssuerWarningThresholds> {
    return this.thresholds.of(actor.issuerId);
  }

  @Put()
  change(@CurrentActor() actor: Actor, @Body() dto: ChangeWarningThresholdsDto): Promise<IssuerWarningThresholds> {
    return this.thresholds.change(actor, dto.thresholdsDays);
  }
}
