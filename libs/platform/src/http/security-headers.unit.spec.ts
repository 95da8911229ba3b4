import { Controller, Get, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { applySecurityHeaders, SecurityHeaders } from './security-headers';

@Controller()
class PingController {
  @Get(['ping', 'docs'])
  ping() {
    return { ok: true };
  }
}

describe('security headers', () => {
  const apps: INestApplication[] = [];
  const appWith = async (options?: SecurityHeaders) => {
    const moduleRef = await Test.createTestingModule({ controllers: [PingController] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    applySecurityHeaders(app, options);
    await app.init();
    apps.push(app);
    return request(app.getHttpServer());
  };
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  it("gives an internal API helmet's defaults, no HSTS over plain HTTP and no X-Powered-By", async () => {
    const response = await (await appWith()).get('/ping').expect(200);
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('adds HSTS and upgrade-insecure-requests to the browser policy when served over HTTPS only', async () => {
    const response = await (await appWith({ browser: true, https: true })).get('/ping').expect(200);
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('allows inline styles on /docs only (Swagger UI), never inline scripts', async () => {
    const agent = await appWith({ browser: true });
    const styleOf = async (path: string) =>
      /style-src ([^;]*)/.exec((await agent.get(path)).headers['content-security-policy'])?.[1];
    expect(await styleOf('/ping')).toBe("'self'");
    expect(await styleOf('/docs')).toBe("'self' 'unsafe-inline'");
    expect((await agent.get('/docs')).headers['content-security-policy']).toMatch(/script-src 'self';/);
  });
});
