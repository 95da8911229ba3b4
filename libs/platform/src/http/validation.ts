import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  reason: string;
}

const flatten = (errors: ValidationError[], prefix = ''): FieldProblem[] =>
  errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(error.children ?? [], field)];
  });

/** 400 body naming each field at fault: `{ statusCode, error, message, fields: [{ field, reason }] }`. */
export const badRequest = (fields: FieldProblem[]) =>
  new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: fields.map((problem) => `${problem.field}: ${problem.reason}`).join('; '),
    fields,
  });

/**
 * A route that takes a DTO needs a body: without one (nothing sent, not even `{}`) it is a 400
 * naming `body`, where the DTO's optional fields would otherwise let nothing pass as "no change".
 */
class BodyRequiredValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type === 'body' && value === undefined && metadata.metatype && metadata.metatype !== Object)
      throw badRequest([{ field: 'body', reason: 'a JSON body is required' }]);
    return super.transform(value, metadata);
  }
}

/** Whitelisted DTOs: unknown fields are refused, values converted to their declared types; a DTO body is required. */
export const validationPipe = () =>
  new BodyRequiredValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => badRequest(flatten(errors)),
  });
