import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { badRequest } from '@signstash/platform';

/** The ETag of a certificate is its stream revision. */
export const etagOf = (revision: number) => `"${revision}"`;

export const setEtag = (response: Response, revision: number) => response.setHeader('ETag', etagOf(revision));

/** The revision the caller last saw, from `If-Match: "3"`; undefined when the header is absent. */
export const IfMatchRevision = createParamDecorator((_data: unknown, context: ExecutionContext): number | undefined => {
  const header = context.switchToHttp().getRequest<Request>().header('if-match');
  if (header === undefined || header.trim() === '*') return undefined;
  // A bare revision (3) is taken as "3" too.
  const match = /^[ \t]*(?:(?:W\/)?"([0-9]+)"|([0-9]+))[ \t]*$/.exec(header);
  if (!match) throw badRequest([{ field: 'If-Match', reason: 'must be an ETag this API returned, e.g. "3"' }]);
  return Number(match[1] ?? match[2]);
});
