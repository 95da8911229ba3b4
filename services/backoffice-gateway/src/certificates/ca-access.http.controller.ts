import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { CaReturnDto, RegisterFromCaDto, StartCaAuthorizationDto } from '@signstash/api';
import { AuthenticatedRequest, CurrentSession } from '../auth/auth.decorators';
import type { Session } from '../auth/session.store';
import { CERTIFICATE_SERVICE, DownstreamClient, relay } from '../downstream/downstream.client';
import { RelayedCommand, SessionRequired } from '../downstream/api-docs.decorators';
import { Revisioned } from './certificate.answers';
import { CaAuthorizationStarted, CaReturnAnswer, CertificateAuthorityList } from './ca-access.answers';
import { Problem } from '../downstream/common.answers';
import type { CertificateServiceRoutes } from '@signstash/api';

/** The web page the CA sends the browser back to (web/src/certificates/ca-return.page.tsx). */
export const CA_RETURN_PATH = '/certificates/ca-return';

/**
 * What binds an authorization to the session that started it: a hash of the session's secret token,
 * so neither the token nor the session's stored id leaves the gateway.
 */
const sessionBinding = (request: Request) =>
  createHash('sha256')
    .update(`ca-authorization:${(request as AuthenticatedRequest).sessionToken ?? ''}`)
    .digest('hex');

const Unavailable = () =>
  ApiServiceUnavailableResponse({
    description: 'The CA cannot be reached; nothing changed. Retry-After says when to try again',
    type: Problem,
  });

/** Adding a certificate and renewing its access through its Certificate Authority. */
@ApiTags('certificate authorities')
@SessionRequired()
@Controller('api')
export class CaAccessController {
  constructor(@Inject(CERTIFICATE_SERVICE) private readonly certificates: DownstreamClient<CertificateServiceRoutes>) {}

  @Get('certificate-authorities')
  @ApiOkResponse({ description: 'The Certificate Authorities to choose from', type: CertificateAuthorityList })
  async list(
    @CurrentSession() session: Session,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CertificateAuthorityList> {
    return relay(response, await this.certificates.call(session, 'GET /certificate-authorities'));
  }

  @Post('ca-authorizations')
  @RelayedCommand(StartCaAuthorizationDto, {
    created: true,
    description:
      "Started: send the browser to `authorizationUrl`; the CA sends it back to the backoffice's return page. To renew, another issuer's certificate is a 404",
    type: CaAuthorizationStarted,
    conflict: 'The certificate’s access was recorded by hand (no CSC API): it is renewed with its new expiry',
    rule: '`ca` names no configured Certificate Authority, or not the one the certificate’s access was granted at',
  })
  @ApiNotFoundResponse({ description: 'To renew: no such certificate for this issuer', type: Problem })
  async start(
    @CurrentSession() session: Session,
    @Body() body: object,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaAuthorizationStarted> {
    const redirectUri = `${request.protocol}://${request.get('host')}${CA_RETURN_PATH}`;
    return relay(
      response,
      await this.certificates.call(session, 'POST /ca-authorizations', {
        body: { ...body, sessionBinding: sessionBinding(request), redirectUri },
      }),
    );
  }

  @Post('ca-authorizations/:state/return')
  @HttpCode(200)
  @ApiParam({ name: 'state', description: 'The `state` the CA sent back' })
  @RelayedCommand(CaReturnDto, {
    description: 'The credentials to pick from (registration), or the access renewed (renewal)',
    type: CaReturnAnswer,
    conflict:
      'Nothing changed: cancelled or denied at the CA (`code` ca-denied), older than 2 minutes (authorization-expired), used already (authorization-used) or refused by the CA (ca-refused). A `state` of another session is a 404',
    rule: 'The CA sent neither a `code` nor an `error` back',
  })
  @ApiNotFoundResponse({ description: 'No authorization with this `state` in this session', type: Problem })
  @Unavailable()
  async complete(
    @CurrentSession() session: Session,
    @Param('state') state: string,
    @Body() body: object,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaReturnAnswer> {
    return relay(
      response,
      await this.certificates.call(session, 'POST /ca-authorizations/:state/return', {
        params: { state },
        body: { ...body, sessionBinding: sessionBinding(request) },
      }),
    );
  }

  @Post('ca-authorizations/:state/certificate')
  @ApiParam({ name: 'state', description: 'The `state` of the authorization the credentials came with' })
  @RelayedCommand(RegisterFromCaDto, {
    created: true,
    description: 'Registered with the certificate as the CA returned it; the ETag is its revision',
    type: Revisioned,
    conflict:
      'The alias is taken, the certificate is registered already, or this authorization registered a certificate already',
    rule: '`credentialId` is not one of the credentials the CA offered',
  })
  @ApiNotFoundResponse({ description: 'No authorization with this `state` in this session', type: Problem })
  async register(
    @CurrentSession() session: Session,
    @Param('state') state: string,
    @Body() body: object,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Revisioned> {
    return relay(
      response,
      await this.certificates.call(session, 'POST /ca-authorizations/:state/certificate', {
        params: { state },
        body: { ...body, sessionBinding: sessionBinding(request) },
      }),
    );
  }
}
