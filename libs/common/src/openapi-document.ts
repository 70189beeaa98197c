import { INestApplication } from '@nestjs/common';
import type {
  ContactObject,
  LicenseObject,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
  TagObject,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { API_VERSION, API_VERSION_HEADER, majorVersionSegment } from './api-version';

export interface PublishedDocumentOptions {
  /** The API's base path with its major version, e.g. `/api/v1`: `servers` and the relative paths. */
  basePath: string;
  /** Full semver; default the project's API_VERSION. */
  version?: string;
  title?: string;
  description?: string;
  contact?: ContactObject;
}

/**
 * Who answers questions about the API (`/core/doc-openapi-contact`). The `.example` addresses are
 * the development default, like the demo's; an operator publishing the document states their own.
 */
export const DEFAULT_API_CONTACT: ContactObject = {
  name: 'Beheer casusregie huiselijk geweld en kindermishandeling',
  email: 'api@beheer.example',
  url: 'https://beheer.example/api',
};

/** The project's licence (package.json), under which the API's document is published too. */
const API_LICENSE: LicenseObject = {
  name: 'EUPL-1.2',
  url: 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12',
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
/** Writes take a body or a decision and can always be refused as invalid (`/core/error-handling/invalid-input`). */
const WRITES = new Set(['post', 'put', 'patch', 'delete']);
const PROBLEM_SCHEMA = 'Problem';
const PROBLEM_JSON = 'application/problem+json';

const problemSchema: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details, with the extension members code, details and requestId',
  properties: {
    type: { type: 'string', format: 'uri', example: 'urn:vt:problem:common.validation' },
    title: { type: 'string', example: 'Ongeldig verzoek / invalid request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'email: must be an email' },
    instance: { type: 'string', format: 'uri', example: 'urn:uuid:0b7a4a4e-3d2c-4f55-9d0e-6c1f0c7b9a11' },
    code: { type: 'string', example: 'common.validation' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
        required: ['field', 'message'],
      },
    },
    requestId: { type: 'string' },
    statusCode: { type: 'integer', description: 'same as status (kept for existing clients)' },
    error: { type: 'string', description: 'the HTTP reason phrase (kept for existing clients)' },
    message: { type: 'string', description: 'same as title (kept for existing clients)' },
  },
  required: ['type', 'title', 'status', 'detail', 'code', 'details', 'requestId'],
};

const problemContent = { [PROBLEM_JSON]: { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` } } };
const versionHeaderRef: ReferenceObject = { $ref: `#/components/headers/${API_VERSION_HEADER}` };

/**
 * Turns the document Nest generates from the code into the one the API publishes under the NL API
 * Design Rules, in one place rather than on every controller method: the paths of one API
 * relative to `servers` (its base path with the major version), semver `info.version`, contact,
 * path parameters declared from the path template, a documented 400 wherever input can be
 * invalid, every error as problem details and every answer with its `API-Version` header.
 * Paths outside the base path (operations endpoints, other APIs) are left out.
 */
export function publishedDocument(generated: OpenAPIObject, options: PublishedDocumentOptions): OpenAPIObject {
  const version = options.version ?? API_VERSION;
  const basePath = options.basePath.replace(/\/+$/, '');
  if (!basePath.split('/').includes(majorVersionSegment(version)))
    throw new Error(`base path ${basePath} does not carry the major version of ${version}`);
  const source = structuredClone(generated);
  const paths: Record<string, PathItemObject> = {};
  for (const [path, item] of Object.entries(source.paths)) {
    if (!path.startsWith(`${basePath}/`)) continue;
    const relative = path.slice(basePath.length);
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) publishOperation(relative, method, operation, item.parameters ?? []);
    }
    paths[relative] = item;
  }
  for (const schema of Object.values(source.components?.schemas ?? {})) allowNullInEnums(schema);
  return {
    ...source,
    info: {
      ...source.info,
      title: options.title ?? source.info.title,
      description: options.description ?? source.info.description,
      version,
      contact: options.contact ?? DEFAULT_API_CONTACT,
      license: API_LICENSE,
    },
    servers: [{ url: basePath }],
    tags: tagsOf(paths, source.tags),
    paths,
    components: {
      ...source.components,
      schemas: { ...source.components?.schemas, [PROBLEM_SCHEMA]: problemSchema },
      headers: {
        ...source.components?.headers,
        [API_VERSION_HEADER]: {
          description: 'De volledige versie van de API (semver) / the full version of the API',
          required: true,
          schema: { type: 'string', example: version },
        },
      },
    },
  };
}

function publishOperation(
  path: string,
  method: string,
  operation: OperationObject,
  pathLevel: (ParameterObject | ReferenceObject)[],
): void {
  const parameters = operation.parameters ?? [];
  const declared = new Set(
    [...pathLevel, ...parameters].filter((p): p is ParameterObject => 'in' in p && p.in === 'path').map((p) => p.name),
  );
  // Nest leaves out the path parameters of a whole-object @Param() DTO; the template names them.
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g))
    if (!declared.has(name)) parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  if (parameters.length > 0) operation.parameters = parameters;

  // An operation without a bearer token is public, and says so rather than leaving it open.
  operation.security ??= [];
  const responses = operation.responses as Record<string, ResponseObject>;
  if (!responses['400'] && (WRITES.has(method) || parameters.length > 0 || operation.requestBody))
    responses['400'] = { description: 'Ongeldig verzoek / invalid request (details names the fields)' };
  if (!responses['401'] && operation.security.length > 0)
    responses['401'] = { description: 'Niet aangemeld / not signed in (no valid bearer token)' };
  for (const [status, response] of Object.entries(responses)) {
    if (/^[45]/.test(status)) response.content = problemContent;
    response.headers = { ...response.headers, [API_VERSION_HEADER]: versionHeaderRef };
  }
}

/**
 * OpenAPI 3.0 lets a nullable enum be null only when null is one of its values; Nest writes
 * `nullable: true` beside the enum alone, so null is added here for validators to accept it.
 */
function allowNullInEnums(schema: SchemaObject | ReferenceObject): void {
  if ('$ref' in schema) return;
  if (schema.nullable && schema.enum && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  for (const child of [
    ...Object.values(schema.properties ?? {}),
    ...(schema.items ? [schema.items] : []),
    ...(schema.allOf ?? []),
    ...(schema.oneOf ?? []),
  ])
    allowNullInEnums(child);
}

/**
 * Every tag an operation names, declared once at the top as the linters expect, in order, with
 * the description the app gave it (`DocumentBuilder.addTag`); tags no operation names are left out.
 */
function tagsOf(paths: Record<string, PathItemObject>, described: TagObject[] = []): TagObject[] {
  const names = new Set<string>();
  for (const item of Object.values(paths))
    for (const method of METHODS) for (const tag of item[method]?.tags ?? []) names.add(tag);
  return [...names].sort().map((name) => described.find((tag) => tag.name === name) ?? { name });
}

/**
 * Serves the published document where the rules look for it (`/core/publish-openapi`): without
 * authentication, readable from any origin, at `openapi.json` in the API's base path and at the
 * other paths given.
 */
export function serveOpenApiDocument(app: INestApplication, document: OpenAPIObject, paths: string[]): void {
  const basePath = document.servers?.[0]?.url ?? '';
  for (const path of new Set([`${basePath}/openapi.json`, ...paths]))
    app.getHttpAdapter().get(path, (_req: Request, res: Response) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      res.json(document);
    });
}
