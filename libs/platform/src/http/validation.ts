import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

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

/** Whitelisted DTOs: unknown fields are refused, values converted to their declared types. */
export const validationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => badRequest(flatten(errors)),
  });
