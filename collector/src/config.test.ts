import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('config', () => {
  it('defaults: port 4318, loopback, auth off there', () => {
    const config = loadConfig({});
    expect([config.BURNRATE_PORT, config.BURNRATE_HOST, config.authEnabled]).toEqual([4318, '127.0.0.1', false]);
  });

  it('auth is on by default on any other address, and may not be switched off there', () => {
    expect(loadConfig({ BURNRATE_HOST: '0.0.0.0' }).authEnabled).toBe(true);
    expect(() => loadConfig({ BURNRATE_HOST: '0.0.0.0', BURNRATE_AUTH: 'off' })).toThrow(/BURNRATE_AUTH: off is only allowed when BURNRATE_HOST is a loopback/);
    expect(loadConfig({ BURNRATE_HOST: '::1', BURNRATE_AUTH: 'off' }).authEnabled).toBe(false);
  });

  it('a bad value names its variable', () => {
    expect(() => loadConfig({ BURNRATE_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ BURNRATE_PORT: 'eighty' })).toThrow(/BURNRATE_PORT/);
    expect(() => loadConfig({ CLICKHOUSE_URL: 'not a url' })).toThrow(/CLICKHOUSE_URL/);
    expect(() => loadConfig({ CLICKHOUSE_DATABASE: 'x; DROP' })).toThrow(/CLICKHOUSE_DATABASE/);
  });

  it('an empty variable counts as unset', () => {
    expect(loadConfig({ BURNRATE_PORT: '' }).BURNRATE_PORT).toBe(4318);
  });
});
