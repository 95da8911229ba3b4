import { IsInt, IsString, Min, IsNotEmpty, ArrayNotEmpty, IsPositive, Matches } from 'class-validator';
import { EnvInt, EnvIntList, EnvList } from './env-decorators';
import { ConfigError, loadConfig } from './load-config';

class ExampleConfig {
  @EnvInt()
  @IsInt()
  @Min(1)
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  MONGO_URL: string;

  @EnvList()
  @ArrayNotEmpty()
  KAFKA_BROKERS: string[];

  @EnvIntList()
  @IsInt({ each: true })
  @IsPositive({ each: true })
  WARNING_DAYS: number[] = [30, 7, 1];
}

describe('loadConfig', () => {
  const valid = { MONGO_URL: 'mongodb://db/', KAFKA_BROKERS: 'a:9092, b:9092' };

  it('converts env strings and keeps defaults', () => {
    const config = loadConfig('svc', ExampleConfig, { ...valid, PORT: '8080', WARNING_DAYS: '14,3' });
    expect(config).toMatchObject({ PORT: 8080, KAFKA_BROKERS: ['a:9092', 'b:9092'], WARNING_DAYS: [14, 3] });
    expect(loadConfig('svc', ExampleConfig, valid).PORT).toBe(3000);
  });

  it('names every missing variable', () => {
    expect(() => loadConfig('svc', ExampleConfig, {})).toThrow(ConfigError);
    try {
      loadConfig('svc', ExampleConfig, {});
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'MONGO_URL is required but not set',
        'KAFKA_BROKERS is required but not set',
      ]);
    }
  });

  it('names a malformed variable with its value', () => {
    expect(() => loadConfig('svc', ExampleConfig, { ...valid, PORT: 'eighty' })).toThrow(/PORT="eighty"/);
    expect(() => loadConfig('svc', ExampleConfig, { ...valid, WARNING_DAYS: '30,x' })).toThrow(/WARNING_DAYS/);
  });

  it('treats an empty value as not set', () => {
    expect(() => loadConfig('svc', ExampleConfig, { ...valid, MONGO_URL: '' })).toThrow(/MONGO_URL is required/);
  });

  it('names a malformed secret without its value (the message is logged)', () => {
    class WithSecret {
      @IsString()
      @Matches(/^[A-Za-z0-9+/]{43}=$/)
      CA_TOKEN_KEY: string;
    }
    expect(() => loadConfig('svc', WithSecret, { CA_TOKEN_KEY: 'not-the-key-1234' })).toThrow(
      /CA_TOKEN_KEY=\(hidden\)/,
    );
    expect(() => loadConfig('svc', WithSecret, { CA_TOKEN_KEY: 'not-the-key-1234' })).not.toThrow(/not-the-key-1234/);
  });
});
