import { createRulesetFunction, IFunctionResult, RulesetDefinition } from '@stoplight/spectral-core';
import { pattern, schema } from '@stoplight/spectral-functions';
import { oas } from '@stoplight/spectral-rulesets';

/**
 * The project's own Spectral ruleset for the core NL API Design Rules its APIs must meet, each rule
 * named by the rule id it checks (a suffix where one rule needs several checks). Where Spectral's
 * OpenAPI ruleset already checks a part (a valid document, declared path parameters, unique
 * operation ids), its check is reused under the NL id. See docs/api-design-rules.md.
 */

const OPERATIONS = '$.paths[*][get,put,post,delete,patch,options,head,trace]';
const SEMVER =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$';

const oasRule = (name: keyof typeof oas.rules) => ({ ...oas.rules[name], severity: 'error' as const });

interface VersionedDocument {
  info?: { version?: unknown };
  servers?: { url?: unknown }[];
}

/** Each server URL ends in the major version of `info.version` (`/v1` for 1.2.3). */
const serversCarryMajorVersion = createRulesetFunction<VersionedDocument, null>(
  { input: { type: 'object' }, options: null },
  (document) => {
    const major = typeof document.info?.version === 'string' ? document.info.version.split('.')[0] : undefined;
    const results: IFunctionResult[] = [];
    (document.servers ?? []).forEach((server, index) => {
      const url = typeof server.url === 'string' ? server.url : '';
      if (!new RegExp(`/v${major}/?$`).test(url))
        results.push({ message: `server ${url} must end in /v${major}`, path: ['servers', index, 'url'] });
    });
    return results;
  },
);

interface Operation {
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
}

/** Writes, and reads that take parameters, can meet invalid input and so document a 400. */
const documentsInvalidInput = createRulesetFunction<Operation, null>(
  { input: { type: 'object' }, options: null },
  (operation, _options, context) => {
    const method = String(context.path[context.path.length - 1]);
    const takesInput =
      ['post', 'put', 'patch', 'delete'].includes(method) ||
      (operation.parameters ?? []).length > 0 ||
      operation.requestBody !== undefined;
    return takesInput && !operation.responses?.['400']
      ? [{ message: `${method.toUpperCase()} takes input but documents no 400` }]
      : [];
  },
);

const problemDetailsResponse = {
  type: 'object',
  required: ['content'],
  properties: {
    content: {
      type: 'object',
      required: ['application/problem+json'],
      additionalProperties: false,
      properties: {
        'application/problem+json': {
          type: 'object',
          required: ['schema'],
          properties: {
            schema: {
              type: 'object',
              required: ['properties'],
              properties: {
                properties: { type: 'object', required: ['type', 'title', 'status', 'detail', 'instance'] },
              },
            },
          },
        },
      },
    },
  },
};

export const nlApiDesignRules: RulesetDefinition = {
  rules: {
    '/core/doc-openapi': {
      description: 'The API is described in OpenAPI 3.',
      severity: 'error',
      given: '$',
      then: { field: 'openapi', function: pattern, functionOptions: { match: '^3\\.\\d+\\.\\d+$' } },
    },
    '/core/doc-openapi/valid': oasRule('oas3-schema'),
    '/core/doc-openapi/path-parameters': oasRule('path-params'),
    '/core/doc-openapi/operation-ids': oasRule('operation-operationId-unique'),
    '/core/doc-openapi-contact': {
      description: 'The document names a contact with name, email and url.',
      severity: 'error',
      given: '$.info',
      then: {
        field: 'contact',
        function: schema,
        functionOptions: { schema: { type: 'object', required: ['name', 'email', 'url'] } },
      },
    },
    '/core/publish-openapi/servers': {
      description: 'The document names the base path it is published in.',
      severity: 'error',
      given: '$',
      then: {
        field: 'servers',
        function: schema,
        functionOptions: {
          schema: { type: 'array', minItems: 1, items: { type: 'object', required: ['url'] } },
        },
      },
    },
    '/core/uri-version': {
      description: 'The base path ends in the major version of info.version.',
      severity: 'error',
      given: '$',
      then: { function: serversCarryMajorVersion },
    },
    '/core/semver': {
      description: 'info.version is a semantic version.',
      severity: 'error',
      given: '$.info',
      then: { field: 'version', function: pattern, functionOptions: { match: SEMVER } },
    },
    '/core/version-header': {
      description: 'Every answer declares the API-Version header.',
      severity: 'error',
      given: `${OPERATIONS}.responses[*]`,
      then: {
        function: schema,
        functionOptions: {
          schema: {
            type: 'object',
            required: ['headers'],
            properties: { headers: { type: 'object', required: ['API-Version'] } },
          },
        },
      },
    },
    '/core/error-handling/problem-details': {
      description: 'Every error answer is application/problem+json with the RFC 9457 members.',
      severity: 'error',
      given: `${OPERATIONS}.responses[?(@property.match(/^[45]/))]`,
      then: { function: schema, functionOptions: { schema: problemDetailsResponse } },
    },
    '/core/error-handling/invalid-input': {
      description: 'An operation that takes input documents its 400.',
      severity: 'error',
      given: OPERATIONS,
      then: { function: documentsInvalidInput },
    },
    '/core/http-methods': {
      description: 'Only the standard HTTP methods.',
      severity: 'error',
      given: '$.paths[*]',
      then: {
        function: schema,
        functionOptions: {
          schema: {
            type: 'object',
            propertyNames: { enum: ['get', 'put', 'post', 'delete', 'patch', 'parameters', 'summary', 'description'] },
          },
        },
      },
    },
    '/core/no-trailing-slash': {
      description: 'No path ends in a slash.',
      severity: 'error',
      given: '$.paths',
      then: { field: '@key', function: pattern, functionOptions: { notMatch: '.+/$' } },
    },
    '/core/path-segments-kebab-case': {
      description: 'Path segments are kebab-case or a {parameter} (a file extension allowed on the last).',
      severity: 'error',
      given: '$.paths',
      then: {
        field: '@key',
        function: pattern,
        functionOptions: { match: '^(/([a-z0-9]+(-[a-z0-9]+)*|\\{[^}/]+\\}))*(\\.[a-z0-9]+)?$' },
      },
    },
    '/core/query-keys-camel-case': {
      description: 'Query parameter names are lowerCamelCase.',
      severity: 'error',
      given: `${OPERATIONS}.parameters[?(@.in == 'query')]`,
      then: { field: 'name', function: pattern, functionOptions: { match: '^[a-z][a-zA-Z0-9]*$' } },
    },
  },
};
