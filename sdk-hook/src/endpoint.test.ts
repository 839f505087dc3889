import { describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT, resolveExportTarget } from './endpoint';
import { Env, Header } from './semconv';

describe('export target', () => {
  it('defaults-to-localhost-4318', () => {
    expect(resolveExportTarget({}, {})).toEqual({ url: `${DEFAULT_ENDPOINT}/v1/traces`, headers: {} });
  });

  it('option-then-burnrate-env-then-otel-env', () => {
    const env = { [Env.endpoint]: 'http://burnrate:9000', [Env.otlpEndpoint]: 'http://otel:4318/' };
    expect(resolveExportTarget({ endpoint: 'https://c.example/base/' }, env).url).toBe('https://c.example/base/v1/traces');
    expect(resolveExportTarget({}, env).url).toBe('http://burnrate:9000/v1/traces');
    expect(resolveExportTarget({}, { [Env.otlpEndpoint]: 'http://otel:4318/' }).url).toBe('http://otel:4318/v1/traces');
  });

  it('full-traces-url-kept', () => {
    expect(resolveExportTarget({ endpoint: 'http://c:4318/v1/traces' }, {}).url).toBe('http://c:4318/v1/traces');
  });

  it('ingest-key-header', () => {
    expect(resolveExportTarget({}, { [Env.ingestKey]: 'env-key' }).headers).toEqual({ [Header.ingestKey]: 'env-key' });
    expect(resolveExportTarget({ ingestKey: 'opt' }, { [Env.ingestKey]: 'env-key' }).headers).toEqual({ [Header.ingestKey]: 'opt' });
  });

  it('invalid-endpoint-falls-back-and-says-so', () => {
    expect(resolveExportTarget({ endpoint: 'not a url' }, {})).toEqual({
      url: `${DEFAULT_ENDPOINT}/v1/traces`,
      headers: {},
      invalid: 'not a url',
    });
  });
});
