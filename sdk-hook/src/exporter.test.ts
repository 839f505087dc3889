import { describe, expect, it } from 'vitest';
import { otlpProtocol } from './exporter';
import { Env } from './semconv';

describe('OTLP protocol from the environment', () => {
  it('protobuf-by-default-json-when-asked', () => {
    expect(otlpProtocol({})).toEqual({ protocol: 'http/protobuf' });
    expect(otlpProtocol({ [Env.otlpProtocol]: 'http/json' })).toEqual({ protocol: 'http/json' });
    expect(otlpProtocol({ [Env.otlpProtocol]: ' HTTP/JSON ' })).toEqual({ protocol: 'http/json' });
  });

  it('traces-variable-wins-over-the-generic-one', () => {
    expect(otlpProtocol({ [Env.otlpProtocol]: 'http/json', [Env.otlpTracesProtocol]: 'http/protobuf' })).toEqual({ protocol: 'http/protobuf' });
  });

  it('grpc-falls-back-to-protobuf-and-says-so', () => {
    expect(otlpProtocol({ [Env.otlpProtocol]: 'grpc' })).toEqual({ protocol: 'http/protobuf', unsupported: 'grpc' });
  });
});
