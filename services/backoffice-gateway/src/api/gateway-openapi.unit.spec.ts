import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
import { applyHttpConventions } from '@signstash/platform';
import { OperatorDirectory } from '../operators/operator-directory.service';
import { CertificatesController } from './certificates.http.controller';
import { ClientServicesController } from './client-services.http.controller';
import { CERTIFICATE_SERVICE, CLIENT_SERVICE_SERVICE, DownstreamRequest, NOTIFICATION_SERVICE } from './downstream.client';

/** Records what would go to the service and answers as a service that accepted it. */
class RecordingService {
  readonly requests: DownstreamRequest[] = [];
  async call(_session: unknown, downstream: DownstreamRequest) {
    this.requests.push(downstream);
    return { status: 201, body: { id: 'new' } };
  }
}

describe('gateway public API description and relaying', () => {
  let app: INestApplication;
  let document: OpenAPIObject;
  const certificates = new RecordingService();

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [CertificatesController, ClientServicesController],
      providers: [
        { provide: CERTIFICATE_SERVICE, useValue: certificates },
        { provide: CLIENT_SERVICE_SERVICE, useValue: new RecordingService() },
        { provide: NOTIFICATION_SERVICE, useValue: new RecordingService() },
        { provide: OperatorDirectory, useValue: {} },
      ],
    }).compile();
    // The same conventions and document as runService gives the gateway.
    app = applyHttpConventions(moduleRef.createNestApplication({ logger: false }));
    await app.init();
    document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('backoffice-gateway').setVersion('1').build());
  });

  afterAll(() => app.close());

  const bodySchemaOf = (path: string, method: 'post' | 'put' | 'patch') =>
    (document.paths[path][method]?.requestBody as { content: Record<string, { schema: { $ref: string } }> }).content['application/json'].schema.$ref;

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
    const schemas = document.components!.schemas as Record<string, { required?: string[]; properties: Record<string, Record<string, unknown>> }>;
    expect(schemas.RegisterCertificateDto.required).toEqual(['alias', 'pem', 'access']);
    expect(schemas.RegisterCertificateDto.properties.access).toEqual({ $ref: '#/components/schemas/CaAccessDto' });
    expect(schemas.CaAccessDto.required).toEqual(['provider', 'credentialId', 'expiresAt']);
    expect(schemas.ChangeCertificateStatusDto.properties.status).toMatchObject({ enum: ['active', 'inactive'] });
    expect(schemas.ChangeClientServiceStatusDto.properties.status).toMatchObject({ enum: ['ACTIVE', 'SUSPENDED', 'INACTIVE'] });
    expect(Object.keys(schemas.RenewAccessDto.properties)).toEqual(['expiresAt', 'credentialId', 'provider']);
  });

  it('describes the list filters as query parameters', () => {
    const names = (path: string) => (document.paths[path].get!.parameters as Array<{ name: string; in: string }>).filter((p) => p.in === 'query').map((p) => p.name);
    expect(names('/api/certificates')).toEqual(expect.arrayContaining(['alias', 'accessState', 'expiringWithinDays', 'sort', 'page', 'pageSize']));
    expect(names('/api/client-services')).toEqual(expect.arrayContaining(['certificateId', 'status', 'page', 'pageSize']));
  });

  it('relays a body as it came, leaving its validation to the owning service', async () => {
    const body = { alias: '', unknown: 1, access: { expiresAt: 'soon' } };
    await request(app.getHttpServer()).post('/api/certificates').send(body).expect(201);
    expect(certificates.requests.at(-1)).toMatchObject({ method: 'POST', path: '/certificates', body });
  });
});
