import { withCorrelation } from './correlation';
import { JsonLogger } from './json-logger';

describe('JsonLogger', () => {
  const lines: string[] = [];
  const logger = new JsonLogger('test-service', (line) => lines.push(line));
  beforeEach(() => (lines.length = 0));

  it('writes one JSON object per line with service, level and context', () => {
    logger.warn('disk almost full', 'Storage');
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'warn',
      service: 'test-service',
      context: 'Storage',
      message: 'disk almost full',
    });
  });

  it('carries the correlation id of the work in progress, across awaits', async () => {
    await withCorrelation('corr-123', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.log('inside');
    });
    logger.log('outside');
    expect(JSON.parse(lines[0]).correlationId).toBe('corr-123');
    expect(JSON.parse(lines[1]).correlationId).toBeUndefined();
  });

  it('keeps the stack of errors', () => {
    logger.error('failed', 'Error: boom\n    at somewhere', 'Worker');
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'error',
      context: 'Worker',
      message: 'failed',
      stack: expect.stringContaining('boom'),
    });
  });
});
