import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Put, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { mailChoicesOf } from '@signstash/contracts';
import { ChangeMailChoicesDto, ChangeWarningThresholdsDto } from '@signstash/api';
import { badRequest } from '@signstash/platform';
import { AnyRole, CurrentSession } from '../auth/auth.decorators';
import type { Session } from '../auth/session.store';
import { OperatorDirectory, OperatorDirectoryError } from '../operators/operator-directory.service';
import {
  CERTIFICATE_SERVICE,
  DownstreamClient,
  NOTIFICATION_SERVICE,
  passOnRefusal,
  relay,
} from '../downstream/downstream.client';
import { ById, RelayedCommand, SessionRequired } from '../downstream/api-docs.decorators';
import { FieldErrors, Problem } from '../downstream/common.answers';
import { Settings, TestMail } from './settings.answers';
import type { CertificateServiceRoutes, NotificationServiceRoutes } from '@signstash/api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who is told what: the issuer's warning thresholds (kept by the certificate service, whose expiry
 * scheduler uses them), each operator's own e-mails (kept here with the operator, published to the
 * notification service), a test e-mail, and every change of them with who made it and when.
 */
@ApiTags('settings')
@SessionRequired()
@Controller('api/settings')
export class SettingsController {
  constructor(
    @Inject(CERTIFICATE_SERVICE) private readonly certificates: DownstreamClient<CertificateServiceRoutes>,
    @Inject(NOTIFICATION_SERVICE) private readonly notifications: DownstreamClient<NotificationServiceRoutes>,
    private readonly operators: OperatorDirectory,
  ) {}

  @Get()
  @AnyRole()
  @ApiOkResponse({ description: "The issuer's thresholds, this operator's e-mails, and their changes", type: Settings })
  async read(@CurrentSession() session: Session): Promise<Settings> {
    const [thresholds, operator, mailChanges] = await Promise.all([
      this.certificates.call(session, 'GET /warning-thresholds'),
      this.operators.findActiveById(session.operatorId),
      this.operators.mailChangesOf(session.issuerId),
    ]);
    passOnRefusal(thresholds);
    const { changes: thresholdChanges, ...warningThresholds } = thresholds.body;
    const names = await this.operators.namesOf(
      session.issuerId,
      thresholdChanges.map((change) => change.by),
    );
    const newestFirst = (a: { at: string }, b: { at: string }) => b.at.localeCompare(a.at);
    const settingsChanged = (['warnings', 'expiries'] as const).flatMap((setting) =>
      mailChanges
        .filter((change) => change.from[setting] !== change.to[setting])
        .map((change) => ({
          at: change.at.toISOString(),
          byName: change.name,
          setting,
          from: change.from[setting],
          to: change.to[setting],
        })),
    );
    const role = operator?.role ?? session.role;
    return {
      warningThresholds,
      canChangeThresholds: session.role === 'issuer-operator',
      mail: { ...mailChoicesOf({ role, mail: operator?.mail }), expiriesAlways: role === 'issuer-operator' },
      email: operator?.email ?? '',
      thresholdChanges: thresholdChanges
        .map(({ by, ...change }) => ({ ...change, byName: names.get(by) }))
        .sort(newestFirst),
      mailChanges: settingsChanged.sort(newestFirst),
    };
  }

  @Put('warning-thresholds')
  @RelayedCommand(ChangeWarningThresholdsDto, {
    description: 'Changed; the next expiry pass warns at the new thresholds',
    type: Settings,
    conflict: 'Another change of the thresholds was made at the same moment: try again',
  })
  async changeThresholds(@CurrentSession() session: Session, @Body() body: unknown): Promise<Settings> {
    passOnRefusal(await this.certificates.call(session, 'PUT /warning-thresholds', { body }));
    return this.read(session);
  }

  @Put('mail')
  @AnyRole()
  @ApiBody({ type: ChangeMailChoicesDto })
  @ApiOkResponse({ description: 'Changed; the notification service mails accordingly from now on', type: Settings })
  @ApiBadRequestResponse({ description: 'Invalid fields, or no body; `fields` names each', type: FieldErrors })
  @ApiUnprocessableEntityResponse({
    description: 'The expiry notice turned off by an issuer operator: they always get it (`fields` names `expiries`)',
    type: FieldErrors,
  })
  async changeMail(@CurrentSession() session: Session, @Body() dto: ChangeMailChoicesDto): Promise<Settings> {
    try {
      await this.operators.changeMailChoices(session.operatorId, dto);
    } catch (error) {
      if (error instanceof OperatorDirectoryError && error.kind === 'invalid')
        throw badRequest([{ field: error.field ?? 'body', reason: error.message }]);
      throw error;
    }
    return this.read(session);
  }

  @Post('test-mail')
  @AnyRole()
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'Recorded and being sent; read its state by its id', type: TestMail })
  @ApiTooManyRequestsResponse({
    description: 'A test e-mail was sent to this operator less than 30 s ago',
    type: Problem,
  })
  async sendTestMail(
    @CurrentSession() session: Session,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TestMail> {
    const operator = await this.operators.findActiveById(session.operatorId);
    const recorded = await this.notifications.call(session, 'POST /test-mails', {
      body: { operatorId: session.operatorId, email: operator?.email, name: operator?.name },
    });
    passOnRefusal(recorded);
    const mail = relay(
      response,
      await this.notifications.call(session, 'GET /notifications/:id', { params: { id: recorded.body.id } }),
    );
    // Created, whatever the status of the read that follows the mail.
    response.status(201);
    return mail;
  }

  @Get('test-mail/:id')
  @AnyRole()
  @ApiOkResponse({ description: 'The test e-mail and its delivery state', type: TestMail })
  @ById('test e-mail')
  async testMail(
    @CurrentSession() session: Session,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TestMail> {
    // No such test e-mail, whatever is wrong with its id (a malformed one too): 404, as for every {id} route.
    if (!UUID.test(id))
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'No such test e-mail.' });
    const answer = await this.notifications.call(session, 'GET /notifications/:id', { params: { id } });
    // Only test e-mails are read here: the others are a certificate's, read with it.
    if (answer.status === 200 && answer.body.kind !== 'TestMail')
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'No such test e-mail.' });
    const { kind: _kind, ...mail } = relay(response, answer);
    return mail;
  }
}
