import { ValidateIf } from 'class-validator';

/**
 * An optional body field: left out, it is not checked; given, even as `null`, it is validated by the
 * field's other rules (`IsOptional` would let `null` through as if left out, which the schema refuses).
 */
export const OptionalNotNull = () => ValidateIf((_dto: object, value: unknown) => value !== undefined);
