import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_FILE_NAME, ConfigError, describeConfig, loadConfig, loadConfigWithSources } from './config';

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

describe('proxies', () => {
  it('trusts no proxy by default; takes addresses, ranges and named ranges; refuses anything else by name', () => {
    expect(loadConfig({}).BURNRATE_TRUST_PROXY).toEqual([]);
    expect(loadConfig({ BURNRATE_TRUST_PROXY: 'none' }).BURNRATE_TRUST_PROXY).toEqual([]);
    expect(loadConfig({ BURNRATE_TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,loopback' }).BURNRATE_TRUST_PROXY).toEqual(['10.0.0.5', '172.16.0.0/12', 'loopback']);
    expect(() => loadConfig({ BURNRATE_TRUST_PROXY: 'my-proxy.internal' })).toThrow(/BURNRATE_TRUST_PROXY: must be none, or a comma-separated list/);
  });
});

describe('single sign-on group scopes', () => {
  it('maps a group to a role and a scope; a malformed entry names the variable and the form', () => {
    expect(loadConfig({ BURNRATE_OIDC_GROUP_SCOPES: 'leads=admin:team:payments|search, pm=viewer:tenant:acme' }).BURNRATE_OIDC_GROUP_SCOPES).toEqual([
      { group: 'leads', role: 'admin', scope: { dimension: 'team', values: ['payments', 'search'] } },
      { group: 'pm', role: 'viewer', scope: { dimension: 'tenant', values: ['acme'] } },
    ]);
    expect(() => loadConfig({ BURNRATE_OIDC_GROUP_SCOPES: 'leads=owner:team:payments' })).toThrow(
      /BURNRATE_OIDC_GROUP_SCOPES: "leads=owner:team:payments" is not/,
    );
    expect(() => loadConfig({ BURNRATE_OIDC_GROUP_SCOPES: 'leads=admin:region:eu' })).toThrow(/BURNRATE_OIDC_GROUP_SCOPES/);
  });
});

describe('config file', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'burnrate-config-'));

  it('reads burnrate.config.json; the environment wins; each value says where it came from', () => {
    const cwd = dir();
    writeFileSync(join(cwd, CONFIG_FILE_NAME), JSON.stringify({ BURNRATE_PORT: 9000, BURNRATE_RETENTION_DAYS: 30, BURNRATE_HOST: '127.0.0.2' }));
    const { config, sources } = loadConfigWithSources({ BURNRATE_PORT: '9100' }, cwd);
    expect([config.BURNRATE_PORT, config.BURNRATE_RETENTION_DAYS, config.BURNRATE_HOST]).toEqual([9100, 30, '127.0.0.2']);
    const described = Object.fromEntries(describeConfig(config, sources).map((d) => [d.name, `${d.value} ← ${d.source}`]));
    expect(described.BURNRATE_PORT).toBe('9100 ← environment');
    expect(described.BURNRATE_RETENTION_DAYS).toBe(`30 ← ${join(cwd, CONFIG_FILE_NAME)}`);
    expect(described.BURNRATE_BATCH_ROWS).toBe('100000 ← default');
  });

  it('refuses unknown settings, secrets in the file, and names the file in errors', () => {
    const cwd = dir();
    writeFileSync(join(cwd, CONFIG_FILE_NAME), JSON.stringify({ BURNRATE_PROT: 1 }));
    expect(() => loadConfig({}, cwd)).toThrow(/unknown setting BURNRATE_PROT/);
    writeFileSync(join(cwd, CONFIG_FILE_NAME), JSON.stringify({ CLICKHOUSE_PASSWORD: 'x' }));
    expect(() => loadConfig({}, cwd)).toThrow(/is a secret/);
    writeFileSync(join(cwd, CONFIG_FILE_NAME), JSON.stringify({ BURNRATE_PORT: 'many' }));
    expect(() => loadConfig({}, cwd)).toThrow(new RegExp(`BURNRATE_PORT: .*\\(from ${join(cwd, CONFIG_FILE_NAME).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)`));
  });

  it('masks secrets when describing', () => {
    const { config, sources } = loadConfigWithSources({ CLICKHOUSE_PASSWORD: 'hunter2' }, dir());
    expect(describeConfig(config, sources).find((d) => d.name === 'CLICKHOUSE_PASSWORD')).toEqual({
      name: 'CLICKHOUSE_PASSWORD',
      value: '******',
      source: 'environment',
    });
  });
});
