import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
import { API_DTOS, describeValidation } from '@signstash/api';
import { applyHttpConventions, refuseUndocumentedMethods } from '@signstash/platform';
import { OperatorDirectory } from './operators/operator-directory.service';
import { CertificateExportController } from './certificates/certificate-export.http.controller';
import { CertificatesController } from './certificates/certificates.http.controller';
import { CaAccessController } from './certificates/ca-access.http.controller';
import { SettingsController } from './settings/settings.http.controller';
import { ClientServicesController } from './client-services/client-services.http.controller';
import {
  CERTIFICATE_SERVICE,
  CLIENT_SERVICE_SERVICE,
  DownstreamRequest,
  DownstreamResponse,
  NOTIFICATION_SERVICE,
  resolveRoute,
  RouteName,
} from './downstream/downstream.client';
import { gatewayDocument } from './gateway-document';

/** Records what would go to the service and answers as a service that accepted it (or as told). */
class RecordingService {
  readonly requests: Array<DownstreamRequest & { method: string; path: string }> = [];
  answer: DownstreamResponse = { status: 201, body: { id: 'new' } };
  async call(_session: unknown, route: RouteName, downstream: DownstreamRequest = {}) {
    this.requests.push({ ...resolveRoute(route, downstream.params), ...downstream });
    return this.answer;
  }
}

describe('gateway public API description and relaying', () => {
  let app: INestApplication;
  let document: OpenAPIObject;
  const certificates = new RecordingService();

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [
        CertificateExportController,
        CertificatesController,
        CaAccessController,
        ClientServicesController,
        SettingsController,
      ],
      providers: [
        { provide: CERTIFICATE_SERVICE, useValue: certificates },
        { provide: CLIENT_SERVICE_SERVICE, useValue: new RecordingService() },
        { provide: NOTIFICATION_SERVICE, useValue: new RecordingService() },
        { provide: OperatorDirectory, useValue: {} },
      ],
    }).compile();
    // The same conventions, document and route table as runService gives the gateway (main.ts).
    app = applyHttpConventions(moduleRef.createNestApplication({ logger: false }));
    document = describeValidation(
      SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('backoffice-gateway').setVersion('1').build()),
      API_DTOS,
    );
    refuseUndocumentedMethods(app, document);
    await app.init();
  });

  afterAll(() => app.close());

  const bodySchemaOf = (path: string, method: 'post' | 'put' | 'patch') =>
    (document.paths[path][method]?.requestBody as { content: Record<string, { schema: { $ref: string } }> }).content[
      'application/json'
    ].schema.$ref;

  it.each([
    ['/api/certificates', 'post', 'RegisterCertificateDto'],
    ['/api/certificates/{id}/details', 'patch', 'ChangeDetailsDto'],
    ['/api/certificates/{id}/status', 'put', 'ChangeCertificateStatusDto'],
    ['/api/certificates/{id}/access/renewals', 'post', 'RenewAccessDto'],
    ['/api/client-services', 'post', 'RegisterClientServiceDto'],
    ['/api/client-services/{id}/status', 'put', 'ChangeClientServiceStatusDto'],
  ] as const)('describes the body of %s %s as %s', (path, method, schema) => {
    expect(bodySchemaOf(path, method)).toBe(`#/components/schemas/${schema}`);
    expect(Object.keys(document.paths[path][method]!.responses)).toEqual(expect.arrayContaining(['400', '409']));
  });

  it('gives each body schema its fields, required ones and nested objects', () => {
    const schemas = document.components!.schemas as Record<
      string,
      { required?: string[]; properties: Record<string, Record<string, unknown>> }
    >;
    expect(schemas.RegisterCertificateDto.required).toEqual(['alias', 'pem', 'access']);
    expect(schemas.RegisterCertificateDto.properties.access).toEqual({ $ref: '#/components/schemas/CaAccessDto' });
    expect(schemas.CaAccessDto.required).toEqual(['provider', 'credentialId', 'expiresAt']);
    expect(schemas.ChangeCertificateStatusDto.properties.status).toMatchObject({ enum: ['active', 'inactive'] });
    expect(schemas.ChangeClientServiceStatusDto.properties.status).toMatchObject({
      enum: ['ACTIVE', 'SUSPENDED', 'INACTIVE'],
    });
    expect(Object.keys(schemas.RenewAccessDto.properties)).toEqual([
      'expiresAt',
      'credentialId',
      'provider',
      'confirmEarlierExpiry',
    ]);
    expect(schemas.RenewAccessDto.properties.confirmEarlierExpiry).toMatchObject({ type: 'boolean' });
  });

  it('describes the list filters as query parameters', () => {
    const names = (path: string) =>
      (document.paths[path].get!.parameters as Array<{ name: string; in: string }>)
        .filter((p) => p.in === 'query')
        .map((p) => p.name);
    expect(names('/api/certificates')).toEqual(
      expect.arrayContaining(['alias', 'accessState', 'expiringWithinDays', 'sort', 'page', 'pageSize']),
    );
    expect(names('/api/client-services')).toEqual(
      expect.arrayContaining(['certificateId', 'status', 'page', 'pageSize']),
    );
  });

  type Operation = {
    parameters?: Array<{ name: string; in: string; schema: Record<string, unknown> }>;
    responses: Record<string, unknown>;
    requestBody?: unknown;
  };
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        path,
        method,
        operation,
      })),
    );

  it('states what validation accepts, from the DTO classes: lengths, patterns, formats, enums, no unknown fields', () => {
    const schemas = document.components!.schemas as Record<
      string,
      { additionalProperties?: boolean; anyOf?: unknown[]; properties: Record<string, Record<string, unknown>> }
    >;
    expect(schemas.RegisterCertificateDto.properties.alias).toMatchObject({
      type: 'string',
      maxLength: 100,
      pattern: expect.stringContaining('\\u0000-\\u001f'),
    });
    expect(schemas.CaAccessDto.properties.expiresAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(schemas.ChangeCertificateStatusDto.properties.reason).toMatchObject({
      pattern: expect.stringContaining('\\u0000-\\u001f'),
      maxLength: 500,
    });
    expect(schemas.RegisterCertificateDto.properties.pem).toMatchObject({ minLength: 1 });
    expect(schemas.RegisterClientServiceDto.properties.certificateId).toMatchObject({ format: 'uuid' });
    expect(schemas.ChangeClientServiceStatusDto.anyOf).toEqual([
      { properties: { status: { enum: ['ACTIVE', 'INACTIVE'] } } },
      { required: ['reason'] },
    ]);
    expect(schemas.ChangeWarningThresholdsDto.properties.thresholdsDays).toMatchObject({
      type: 'array',
      minItems: 1,
      maxItems: 10,
      uniqueItems: true,
      items: { type: 'integer', minimum: 1, maximum: 365 },
    });
    // `Service…` bodies are what the gateway itself sends on (with the session binding): not in its document.
    const publicBodies = (name: string) => !name.startsWith('List') && !name.startsWith('Service');
    for (const name of API_DTOS.map((dto) => dto.name).filter(publicBodies))
      expect([name, schemas[name].additionalProperties]).toEqual([name, false]);
    const query = (path: string) =>
      Object.fromEntries(
        document.paths[path].get!.parameters!.map((p) => [
          (p as { name: string }).name,
          (p as { schema: unknown }).schema,
        ]),
      );
    expect(query('/api/certificates')).toMatchObject({
      registeredFrom: { type: 'string', format: 'date' },
      expiringWithinDays: { type: 'integer', minimum: 0, maximum: 3650 },
      pageSize: { type: 'integer', minimum: 1, maximum: 100 },
      sort: { enum: ['registeredAt', 'alias', 'accessExpiresAt'] },
    });
    // The CSV export takes the list's filters and order, but no page: it is every page.
    expect(query('/api/certificates.csv')).toMatchObject({
      alias: { type: 'string', maxLength: 100 },
      sort: { enum: ['registeredAt', 'alias', 'accessExpiresAt'] },
    });
    expect(query('/api/certificates.csv')).not.toHaveProperty('page');
    expect(query('/api/client-services')).toMatchObject({
      certificateId: { format: 'uuid' },
      status: { enum: ['ACTIVE', 'SUSPENDED', 'INACTIVE'] },
    });
    expect(JSON.stringify(document)).not.toContain('x-query-dto');
  });

  it('gives every id a UUID path parameter and lists every status each route answers', () => {
    for (const { route, path, operation } of operations()) {
      const statuses = Object.keys(operation.responses);
      const expected = [
        route.startsWith('GET') ? '200' : expect.stringMatching(/^20[01]$/),
        '401',
        '403',
        ...(path.includes('{id}') ? ['404'] : []),
        ...(operation.requestBody ||
        route === 'GET /api/certificates' ||
        route === 'GET /api/certificates.csv' ||
        route === 'GET /api/client-services'
          ? ['400']
          : []),
      ];
      expect([route, statuses]).toEqual([route, expect.arrayContaining(expected)]);
      if (path.includes('{id}'))
        expect([route, operation.parameters!.find((p) => p.in === 'path')!.schema]).toEqual([
          route,
          { type: 'string', format: 'uuid' },
        ]);
    }
  });

  it("describes every answer with a schema, which the web UI's API types are generated from", () => {
    for (const { route, operation } of operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const content = (response as { content?: Record<string, { schema?: { $ref?: string } }> }).content;
        // A file (the CSV export) is text, not JSON: its answer is a string.
        if (content?.['text/csv']) {
          expect([route, status, content['text/csv'].schema]).toEqual([route, status, { type: 'string' }]);
          continue;
        }
        const schema = content?.['application/json']?.schema;
        expect([route, status, schema?.$ref]).toEqual([
          route,
          status,
          expect.stringMatching(/^#\/components\/schemas\//),
        ]);
      }
    }
  });

  it('builds the document the running gateway serves without any engine (npm run api:types)', async () => {
    const served = await gatewayDocument();
    expect(Object.keys(served.paths)).toEqual(expect.arrayContaining(['/api/session', ...Object.keys(document.paths)]));
    expect(served.paths['/api/certificates']).toEqual(document.paths['/api/certificates']);
    expect(served.components!.schemas!.CertificateDetails).toEqual(document.components!.schemas!.CertificateDetails);
  });

  it("passes the owning service's refusal on as it came, status, ETag and body", async () => {
    const refusal = { statusCode: 409, error: 'Conflict', message: 'stale', fields: [{ field: 'alias', reason: 'x' }] };
    certificates.answer = { status: 409, body: refusal, etag: '"7"' };
    try {
      const answer = await request(app.getHttpServer()).post('/api/certificates').send({}).expect(409);
      expect(answer.body).toEqual(refusal);
      expect(answer.headers.etag).toBe('"7"');
    } finally {
      certificates.answer = { status: 201, body: { id: 'new' } };
    }
  });

  it('answers a method the document does not list for a known path with 405 and Allow', async () => {
    const trace = await request(app.getHttpServer()).trace('/api/certificates').expect(405);
    expect(trace.headers.allow).toBe('GET, POST, HEAD');
    const put = await request(app.getHttpServer())
      .delete(`/api/certificates/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/status`)
      .expect(405);
    expect(put.headers.allow).toBe('PUT');
    await request(app.getHttpServer()).trace('/api/nowhere').expect(404);
  });

  it('answers what the body parser refuses with its 4xx, never a 500, and takes the largest body the DTOs allow', async () => {
    const server = app.getHttpServer();
    await request(server)
      .post('/api/certificates')
      .set('content-type', 'application/json')
      .send('{"alias":')
      .expect(400);
    await request(server)
      .post('/api/certificates')
      .send({ pem: 'x'.repeat(600_000) })
      .expect(413);
    // 20,000 characters each written as a JSON escape: 120 kB.
    await request(server)
      .post('/api/certificates')
      .set('content-type', 'application/json')
      .send(`{"pem":"${'\\u0097'.repeat(20_000)}"}`)
      .expect(201);
  });

  it('relays a body as it came, leaving its validation to the owning service', async () => {
    const body = { alias: '', unknown: 1, access: { expiresAt: 'soon' } };
    await request(app.getHttpServer()).post('/api/certificates').send(body).expect(201);
    expect(certificates.requests.at(-1)).toMatchObject({ method: 'POST', path: '/certificates', body });
  });
});
