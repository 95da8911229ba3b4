import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  mixin,
  NotFoundException,
  Type,
  UseGuards,
} from '@nestjs/common';
import type { Request } from 'express';

/** Whether an issuer owns the resource with this id (false as well when there is no such resource). */
export interface Ownership {
  owns(issuerId: string, id: string): Promise<boolean>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Answers 404 for a resource the issuer in the path does not own, before anything else looks at the
 * request: guards run before pipes, so neither the body, the query, the If-Match header nor the id's
 * shape can make a foreign id answer differently from an unknown one.
 */
export function IssuerScoped(options: { param: string; ownership: symbol; noun: string }) {
  @Injectable()
  class IssuerScopeGuard implements CanActivate {
    constructor(@Inject(options.ownership) private readonly ownership: Ownership) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const params = context.switchToHttp().getRequest<Request>().params;
      const id = String(params[options.param] ?? '');
      const issuerId = String(params.issuerId ?? '');
      if (!UUID.test(id) || !(await this.ownership.owns(issuerId, id))) {
        throw new NotFoundException({
          statusCode: 404,
          error: 'Not Found',
          message: `This ${options.noun} does not exist or does not belong to your issuer.`,
        });
      }
      return true;
    }
  }
  return UseGuards(mixin(IssuerScopeGuard as Type<CanActivate>));
}
