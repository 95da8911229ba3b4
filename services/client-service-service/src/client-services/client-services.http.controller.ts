import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor } from '@signstash/platform';
import type { GlobalPosition } from '@signstash/event-store';
import { readYourWrites, type ProjectionRunner } from '@signstash/read-model';
import { ClientServiceCommands } from './client-service-commands.service';
import { LIST_RUNNER } from './client-service-list/list-runner';
import { CLIENT_SERVICE_CATEGORY } from './client-service.stream';
import { ClientServiceQueries } from './client-service-list/client-service.queries';
import { ChangeClientServiceStatusDto, ListClientServicesDto, RegisterClientServiceDto } from '@signstash/api';
import { ClientServiceReactivation } from './reactivation/client-service-reactivation.service';
import { OwnCertificate, OwnClientService } from './client-service-ownership';
import { ClientServiceHistory } from './client-service-history/client-service-history.query';
import { CertificateViewCaughtUp } from '../certificate-view/certificate-view-caught-up.guard';
import type {
  ClientService,
  ClientServiceHistory as ClientServiceHistoryAnswer,
  ClientServiceList,
  ClientServiceOutcome,
  ClientServicePage,
  Reactivation,
  SuspendedCounts,
} from '@signstash/api';

/**
 * The internal API the gateway calls; always under the issuer in the path. A request naming a
 * certificate revision first waits for this service's view of it (before the ownership guards).
 */
@ApiTags('client services')
@UseGuards(CertificateViewCaughtUp)
@Controller('issuers/:issuerId')
export class ClientServicesController {
  constructor(
    private readonly commands: ClientServiceCommands,
    private readonly queries: ClientServiceQueries,
    private readonly reactivation: ClientServiceReactivation,
    private readonly history: ClientServiceHistory,
    @Inject(LIST_RUNNER) private readonly listRunner: ProjectionRunner,
  ) {}

  @Get('client-services')
  list(@CurrentActor() actor: Actor, @Query() query: ListClientServicesDto): Promise<ClientServicePage> {
    return this.queries.list(actor.issuerId, query);
  }

  @Get('suspended-client-services')
  suspendedCounts(@CurrentActor() actor: Actor): Promise<SuspendedCounts> {
    return this.queries.suspendedCounts(actor.issuerId);
  }

  @Post('client-services')
  async register(@CurrentActor() actor: Actor, @Body() dto: RegisterClientServiceDto): Promise<ClientServiceOutcome> {
    return this.afterItsWrites(await this.commands.register(actor, dto));
  }

  @Get('client-services/:id')
  @OwnClientService()
  detail(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ClientService> {
    return this.queries.detail(actor.issuerId, id);
  }

  @Get('client-services/:id/history')
  @OwnClientService()
  historyOf(@Param('id', new ParseUUIDPipe()) id: string): Promise<ClientServiceHistoryAnswer> {
    return this.history.of(id);
  }

  @Put('client-services/:id/status')
  @OwnClientService()
  async changeStatus(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ChangeClientServiceStatusDto,
  ): Promise<ClientServiceOutcome> {
    return this.afterItsWrites(await this.commands.changeStatus(actor, id, dto));
  }

  @Get('certificates/:certificateId/client-services')
  usingCertificate(
    @CurrentActor() actor: Actor,
    @Param('certificateId', new ParseUUIDPipe()) certificateId: string,
  ): Promise<ClientServiceList> {
    return this.queries.usingCertificate(actor.issuerId, certificateId);
  }

  /** Reactivates every client service that the expiry of this certificate's access suspended. */
  @Post('certificates/:certificateId/reactivations')
  @OwnCertificate()
  @HttpCode(200)
  async reactivate(
    @CurrentActor() actor: Actor,
    @Param('certificateId', new ParseUUIDPipe()) certificateId: string,
  ): Promise<Reactivation> {
    return this.afterItsWrites(await this.reactivation.reactivateSuspendedByExpiry(actor, certificateId));
  }

  /** Read-your-writes: the list shows the change when the caller looks next (a slow projection only delays the answer). */
  private async afterItsWrites<Answer>({ answer, position }: { answer: Answer; position?: GlobalPosition }) {
    await readYourWrites([this.listRunner], position, CLIENT_SERVICE_CATEGORY);
    return answer;
  }
}
