import type { OpenAPIObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { API_VERSION } from './api-version';
import { publishedDocument } from './openapi-document';

const generated = (): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 'test', version: '1' },
  paths: {
    '/api/v1/cases/{id}/partners/{organisationId}': {
      delete: { operationId: 'removePartner', responses: { '204': { description: '' } } },
    },
    '/api/v1/me': {
      get: { operationId: 'me', tags: ['me'], security: [{ bearer: [] }], responses: { '200': { description: '' } } },
    },
    '/api/v1/cases': {
      get: {
        operationId: 'list',
        tags: ['cases'],
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }],
        responses: { '200': { description: '' }, '404': { description: 'gone', content: { 'application/json': {} } } },
      },
    },
    '/health/live': { get: { operationId: 'live', responses: { '200': { description: '' } } } },
  },
});

describe('publishedDocument', () => {
  const document = publishedDocument(generated(), { basePath: '/api/v1' });

  it('names the base path as the server and keeps only its paths, relative to it', () => {
    expect(document.servers).toEqual([{ url: '/api/v1' }]);
    expect(Object.keys(document.paths).sort()).toEqual(['/cases', '/cases/{id}/partners/{organisationId}', '/me']);
    expect(document.info.version).toBe(API_VERSION);
    expect(document.info.contact).toEqual(
      expect.objectContaining({ name: expect.any(String), email: expect.any(String) }),
    );
  });

  it('declares the path parameters the template names', () => {
    expect(document.paths['/cases/{id}/partners/{organisationId}'].delete?.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'organisationId', in: 'path', required: true, schema: { type: 'string' } },
    ]);
  });

  it('documents a 400 where input can be invalid, not on a read that takes none', () => {
    expect(document.paths['/cases/{id}/partners/{organisationId}'].delete?.responses['400']).toBeDefined();
    expect(document.paths['/cases'].get?.responses['400']).toBeDefined();
    expect(document.paths['/me'].get?.responses['400']).toBeUndefined();
  });

  it('gives every answer the API-Version header and every error problem details', () => {
    const responses = document.paths['/cases'].get!.responses as Record<string, ResponseObject>;
    for (const response of Object.values(responses))
      expect(response).toMatchObject({ headers: { 'API-Version': { $ref: '#/components/headers/API-Version' } } });
    expect(responses['404'].content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
    });
    expect(document.components?.schemas?.Problem).toMatchObject({
      required: expect.arrayContaining(['type', 'title', 'status', 'detail']),
    });
  });

  it('marks an operation without a bearer token public, and documents the 401 of one with', () => {
    expect(document.paths['/cases'].get?.security).toEqual([]);
    expect(document.paths['/cases'].get?.responses['401']).toBeUndefined();
    expect(document.paths['/me'].get?.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/me'].get?.responses['401']).toMatchObject({
      content: { 'application/problem+json': expect.any(Object) },
    });
  });

  it('declares the tags the operations name, and the licence', () => {
    expect(document.tags).toEqual([{ name: 'cases' }, { name: 'me' }]);
    expect(document.info.license).toMatchObject({ name: 'EUPL-1.2' });
  });

  it('lets a nullable enum be null', () => {
    const source = generated();
    source.components = {
      schemas: {
        Item: { type: 'object', properties: { level: { type: 'string', enum: ['low', 'high'], nullable: true } } },
      },
    };
    const level = publishedDocument(source, { basePath: '/api/v1' }).components?.schemas?.Item as SchemaObject;
    expect(level.properties?.level).toMatchObject({ enum: ['low', 'high', null] });
  });

  it('leaves the generated document as it was', () => {
    const source = generated();
    publishedDocument(source, { basePath: '/api/v1' });
    expect(source).toEqual(generated());
  });

  it('refuses a base path without the major version', () => {
    expect(() => publishedDocument(generated(), { basePath: '/api' })).toThrow(/major version/);
    expect(() => publishedDocument(generated(), { basePath: '/api/v1', version: '2.0.0' })).toThrow(/major version/);
  });
});
