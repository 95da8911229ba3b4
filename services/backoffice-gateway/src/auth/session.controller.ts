import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Logger,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { OperatorDirectory } from '../operators/operator-directory.service';
import { DUMMY_HASH, verifyPassword } from '../operators/password-hasher';
import { AnyRole, AuthenticatedRequest, CurrentSession, Public, sessionCookieName } from './auth.decorators';
import { LoginThrottle } from './login-throttle';

const minutes = (count: number) => `${count} ${count === 1 ? 'minute' : 'minutes'}`;
import { Session, SessionStore } from './session.store';
import { OperatorSession } from './session.answers';
import { SESSION_COOKIE_SECURE } from './auth.tokens';

export class LoginDto {
  @ApiProperty({ example: 'operator@demo-issuer.example' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  password: string;
}

@ApiTags('session')
@Controller('api/session')
export class SessionController {
  // Security events, one JSON line each: who (operator id, never a password) and from where.
  private readonly logger = new Logger('session');

  constructor(
    private readonly directory: OperatorDirectory,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
    @Inject(SESSION_COOKIE_SECURE) private readonly secureCookie: boolean,
  ) {}

  @Public()
  @Post()
  @HttpCode(200)
  @ApiOkResponse({
    description: 'Logged in: the session cookie is set; the body gives the operator and the CSRF token',
    type: OperatorSession,
  })
  @ApiBadRequestResponse({ description: 'Invalid fields; `fields` names each one' })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins; Retry-After says when to try again' })
  async login(
    @Body() dto: LoginDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<OperatorSession> {
    const address = request.ip ?? 'unknown';
    const retryAfterMs = await this.throttle.retryAfterMs(dto.email, address);
    if (retryAfterMs > 0) {
      response.setHeader('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
      throw new HttpException(
        {
          statusCode: 429,
          error: 'Too Many Requests',
          message: `Too many failed sign-ins. Try again in ${minutes(Math.ceil(retryAfterMs / 60000))}.`,
        },
        429,
      );
    }
    const operator = await this.directory.findActiveByEmail(dto.email);
    const valid = await verifyPassword(dto.password, operator?.passwordHash ?? DUMMY_HASH);
    if (!operator || !valid) {
      this.logger.warn({ message: 'login failed', event: 'login-failed', operatorId: operator?._id ?? null, address });
      await this.throttle.recordFailure(dto.email, address);
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'Wrong e-mail or password.' });
    }
    await this.throttle.recordSuccess(dto.email);
    const { token, session } = await this.sessions.create({
      operatorId: operator._id,
      issuerId: operator.issuerId,
      role: operator.role,
    });
    response.cookie(sessionCookieName(this.secureCookie), token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secureCookie,
      path: '/',
    });
    this.logger.log({ message: 'login', event: 'login', operatorId: operator._id, address });
    return this.describe(session);
  }

  @AnyRole()
  @Get()
  @ApiOkResponse({ description: 'The operator of the session and its CSRF token', type: OperatorSession })
  @ApiUnauthorizedResponse({ description: 'No session, or it ended' })
  current(@CurrentSession() session: Session): Promise<OperatorSession> {
    return this.describe(session);
  }

  @AnyRole()
  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Logged out' })
  @ApiUnauthorizedResponse({ description: 'No session, or it ended' })
  @ApiForbiddenResponse({ description: 'Without the CSRF token' })
  async logout(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    await this.sessions.delete(request.sessionToken);
    response.clearCookie(sessionCookieName(this.secureCookie), { path: '/', secure: this.secureCookie });
    this.logger.log({
      message: 'logout',
      event: 'logout',
      operatorId: request.session?.operatorId ?? null,
      address: request.ip ?? 'unknown',
    });
  }

  private async describe(session: Session): Promise<OperatorSession> {
    const operator = await this.directory.findActiveById(session.operatorId);
    if (!operator)
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'Please sign in.' });
    return {
      operator: {
        id: operator._id,
        name: operator.name,
        email: operator.email,
        issuerId: operator.issuerId,
        issuerName: await this.directory.issuerNameFor(operator.issuerId, operator.issuerName),
        role: operator.role,
      },
      csrfToken: session.csrfToken,
    };
  }
}
