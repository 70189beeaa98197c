import type { Hub } from './hub';

/** The part of an OpenAPI 3.0 schema an answer is checked against. */
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
}

export interface ApiDocument {
  components: { schemas: Record<string, Schema> };
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
}

/** The document the hub publishes, as a partner's IT team fetches it. */
export async function publishedDocument(hub: Hub): Promise<ApiDocument> {
  const response = await fetch(`${hub.url}/api/v1/openapi.json`);
  if (response.status !== 200) throw new Error(`openapi.json: ${response.status}`);
  return (await response.json()) as ApiDocument;
}

/** The schema the document gives an operation's answer, e.g. `('post', '/cases/{id}/lookups/known-by', 200, NDJSON)`. */
export function answerSchema(document: ApiDocument, method: string, path: string, status: number, mediaType: string) {
  const schema = document.paths[path]?.[method]?.responses[String(status)]?.content?.[mediaType]?.schema;
  if (!schema) throw new Error(`no ${mediaType} schema for ${status} of ${method.toUpperCase()} ${path}`);
  return schema;
}

/**
 * What is wrong with an answer against a schema of the document (a component's name, or a schema),
 * one line per problem: a field the schema does not declare, a required one missing, a value of
 * another type or outside its enum, or an item that matches not exactly one of its `oneOf`. An
 * answer carries exactly the declared fields when this is empty.
 */
export function shapeProblems(document: ApiDocument, schema: Schema | string, value: unknown, path = '$'): string[] {
  const s = flattened(document, typeof schema === 'string' ? { $ref: `#/components/schemas/${schema}` } : schema);
  if (value === null) return s.nullable ? [] : [`${path}: null, not declared nullable`];
  if (s.oneOf) return oneOfProblems(document, s.oneOf, s.discriminator, value, path);
  if (s.enum && !s.enum.includes(value))
    return [`${path}: ${JSON.stringify(value)} is not one of ${s.enum.join(', ')}`];
  const type = s.type ?? (s.properties || s.additionalProperties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
      const fields = value as Record<string, unknown>;
      const missing = (s.required ?? []).filter((key) => !(key in fields)).map((key) => `${path}.${key}: missing`);
      return missing.concat(
        Object.entries(fields).flatMap(([key, field]) => {
          const declared =
            s.properties?.[key] ?? (typeof s.additionalProperties === 'object' && s.additionalProperties);
          if (declared) return shapeProblems(document, declared, field, `${path}.${key}`);
          return s.additionalProperties === true ? [] : [`${path}.${key}: not declared`];
        }),
      );
    }
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((item, i) => shapeProblems(document, s.items ?? {}, item, `${path}[${i}]`))
        : [`${path}: not an array`];
    case 'string':
      if (typeof value !== 'string') return [`${path}: not a string`];
      return s.format === 'date-time' && Number.isNaN(Date.parse(value)) ? [`${path}: not a date-time`] : [];
    case 'number':
    case 'integer':
      return typeof value === 'number' && (type === 'number' || Number.isInteger(value))
        ? []
        : [`${path}: not a ${type}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: not a boolean`];
    default:
      return [];
  }
}

/** The schema behind a `$ref`, with an `allOf` merged into one object schema. */
function flattened(document: ApiDocument, schema: Schema): Schema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const found = document.components.schemas[name];
    if (!found) throw new Error(`no schema ${name} in the document`);
    return flattened(document, found);
  }
  if (!schema.allOf) return schema;
  const parts = schema.allOf.map((part) => flattened(document, part));
  return {
    type: 'object',
    nullable: schema.nullable,
    properties: Object.assign({}, ...parts.map((part) => part.properties)) as Record<string, Schema>,
    required: parts.flatMap((part) => part.required ?? []),
  };
}

function oneOfProblems(
  document: ApiDocument,
  members: Schema[],
  discriminator: Schema['discriminator'],
  value: unknown,
  path: string,
): string[] {
  if (discriminator?.mapping) {
    const tag = (value as Record<string, unknown>)[discriminator.propertyName];
    const ref = typeof tag === 'string' ? discriminator.mapping[tag] : undefined;
    if (!ref) return [`${path}.${discriminator.propertyName}: ${JSON.stringify(tag)} is not mapped`];
    return shapeProblems(document, { $ref: ref }, value, path);
  }
  const outcomes = members.map((member) => shapeProblems(document, member, value, path));
  const matching = outcomes.filter((problems) => problems.length === 0).length;
  if (matching === 1) return [];
  if (matching > 1) return [`${path}: matches ${matching} of its oneOf`];
  return [`${path}: matches none of its oneOf (${outcomes.map((problems) => problems.join('; ')).join(' | ')})`];
}
