import type { OpenAPIObject, ParameterObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { DAY_PATTERN, INSTANT_PATTERN } from '../validation/calendar';

type Rule = (constraints: unknown[]) => SchemaObject;
/** A DTO class. */
export type Dto = abstract new (...args: never[]) => object;

/** What each class-validator rule the DTOs use means in JSON Schema. A rule missing here fails the document. */
const RULES: Record<string, Rule> = {
  isString: () => ({ type: 'string' }),
  isNotEmpty: () => ({ minLength: 1 }),
  maxLength: ([n]) => ({ maxLength: n as number }),
  minLength: ([n]) => ({ minLength: n as number }),
  matches: ([pattern]) => ({ pattern: (pattern as RegExp).source }),
  isIn: ([values]) => ({ enum: values as unknown[] }),
  isUuid: () => ({ type: 'string', format: 'uuid' }),
  isEmail: () => ({ type: 'string', format: 'email' }),
  isInt: () => ({ type: 'integer' }),
  isBoolean: () => ({ type: 'boolean' }),
  min: ([n]) => ({ minimum: n as number }),
  max: ([n]) => ({ maximum: n as number }),
  isObject: () => ({ type: 'object' }),
  isArray: () => ({ type: 'array' }),
  arrayMinSize: ([n]) => ({ minItems: n as number }),
  arrayMaxSize: ([n]) => ({ maxItems: n as number }),
  arrayUnique: () => ({ uniqueItems: true }),
  isCalendarDay: () => ({ type: 'string', format: 'date', pattern: DAY_PATTERN }),
  isInstant: () => ({ type: 'string', format: 'date-time', pattern: INSTANT_PATTERN }),
};

const EXTRA_SCHEMA = Symbol('described-validation:extra');

/** What a DTO's code checks across fields (a `ValidateIf`), in JSON Schema, for the document. */
export const DescribedAs =
  (schema: SchemaObject): ClassDecorator =>
  (target) =>
    Reflect.defineMetadata(EXTRA_SCHEMA, schema, target);

/** The JSON Schema of one DTO property, from its class-validator rules. */
export function propertySchema(dto: Dto, property: string): SchemaObject {
  const rules = getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', true, false)
    .filter((meta) => meta.propertyName === property && meta.type === 'customValidation');
  const describe = (meta: (typeof rules)[number]) => {
    const rule = meta.name ? RULES[meta.name] : undefined;
    if (!rule)
      throw new Error(`${dto.name}.${property}: no OpenAPI description for the rule ${meta.name ?? '(unnamed)'}`);
    return rule(meta.constraints ?? []);
  };
  // A rule with `each: true` applies to every item of an array property.
  const items = rules.filter((meta) => meta.each).map(describe);
  return Object.assign(
    {},
    ...rules.filter((meta) => !meta.each).map(describe),
    ...(items.length > 0 ? [{ type: 'array', items: Object.assign({}, ...items) }] : []),
  );
}

const QUERY_DTO = 'x-query-dto';

/** Marks an operation whose query string is this DTO (see describeValidation). */
export const queryDtoExtension = (dto: Dto) => [QUERY_DTO, dto.name] as const;

/**
 * Makes the document state what validation accepts: each DTO schema gets its properties' rules and
 * no other property (unknown fields are refused), each query parameter of a marked operation its
 * property's rules. The rules are read from the DTO classes the services validate with.
 */
export function describeValidation(document: OpenAPIObject, dtos: Dto[]): OpenAPIObject {
  const byName = new Map(dtos.map((dto) => [dto.name, dto]));
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {}) as Array<[string, SchemaObject]>) {
    const dto = byName.get(name);
    if (!dto) continue;
    for (const [property, propertyDoc] of Object.entries(schema.properties ?? {})) {
      if (!('$ref' in propertyDoc)) Object.assign(propertyDoc, propertySchema(dto, property));
    }
    Object.assign(schema, { additionalProperties: false }, Reflect.getMetadata(EXTRA_SCHEMA, dto) ?? {});
  }
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as Array<{
      [QUERY_DTO]?: string;
      parameters?: Array<ParameterObject | ReferenceObject>;
    }>) {
      if (!operation?.[QUERY_DTO]) continue;
      const dto = byName.get(operation[QUERY_DTO]);
      if (!dto) throw new Error(`no DTO class named ${operation[QUERY_DTO]}`);
      delete operation[QUERY_DTO];
      for (const parameter of operation.parameters ?? []) {
        if ('in' in parameter && parameter.in === 'query')
          parameter.schema = { ...parameter.schema, ...propertySchema(dto, parameter.name) };
      }
    }
  }
  return document;
}
