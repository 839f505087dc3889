// decodeLogs against the spellings exporters actually use. (Lives beside its only consumer: the
// otlp folder's tests are the core's.)
import { describe, expect, it } from 'vitest';
import { decodeLogs, encodeLogsRequestFromJson } from '../otlp/decodeLogs';
import { ClaudeCodeAttr, Resource } from '../semconv';

const record = {
  timeUnixNano: '1795255200000000000',
  observedTimeUnixNano: '1795255200000000001',
  eventName: 'claude_code.api_request',
  body: { stringValue: 'claude_code.api_request' },
  attributes: [
    { key: 'input_tokens', value: { stringValue: '1200' } },
    { key: ClaudeCodeAttr.eventSequence, value: { intValue: '7' } },
    { key: 'cost_usd', value: { doubleValue: 0.5 } },
  ],
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: 'eee19b7ec3c1b174',
};
const exportOf = (r: unknown) => ({
  resourceLogs: [
    {
      resource: { attributes: [{ key: Resource.serviceName, value: { stringValue: 'claude-code' } }] },
      scopeLogs: [{ scope: { name: 's', version: '1' }, logRecords: [r] }],
    },
  ],
});

const expected = {
  resourceLogs: [
    {
      resource: new Map([[Resource.serviceName, 'claude-code']]),
      scopeLogs: [
        {
          scopeName: 's',
          scopeVersion: '1',
          records: [
            {
              timeNs: 1_795_255_200_000_000_000n,
              observedTimeNs: 1_795_255_200_000_000_001n,
              eventName: 'claude_code.api_request',
              body: 'claude_code.api_request',
              attributes: new Map<string, unknown>([
                ['input_tokens', '1200'],
                [ClaudeCodeAttr.eventSequence, 7],
                ['cost_usd', 0.5],
              ]),
            },
          ],
        },
      ],
    },
  ],
  rejected: [],
};

describe('decodeLogs', () => {
  it('otlp-json-camel-case-protobuf-and-proto-field-names-decode-alike', () => {
    expect(decodeLogs(Buffer.from(JSON.stringify(exportOf(record))), 'json')).toEqual(expected);
    expect(decodeLogs(encodeLogsRequestFromJson(exportOf(record)), 'protobuf')).toEqual(expected);
    const snake = {
      resource_logs: [
        {
          resource: { attributes: [{ key: Resource.serviceName, value: { string_value: 'claude-code' } }] },
          scope_logs: [
            {
              scope: { name: 's', version: '1' },
              log_records: [
                {
                  time_unix_nano: '1795255200000000000',
                  observed_time_unix_nano: 1795255200000000001n.toString(),
                  event_name: 'claude_code.api_request',
                  body: { string_value: 'claude_code.api_request' },
                  attributes: [
                    { key: 'input_tokens', value: { string_value: '1200' } },
                    { key: ClaudeCodeAttr.eventSequence, value: { int_value: 7 } },
                    { key: 'cost_usd', value: { double_value: 0.5 } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(decodeLogs(Buffer.from(JSON.stringify(snake)), 'json')).toEqual(expected);
  });

  it('a-record-that-is-not-an-object-is-refused-alone', () => {
    const decoded = decodeLogs(Buffer.from(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [record, 'oops'] }] }] })), 'json');
    expect(decoded.rejected).toEqual([{ reason: 'a log record must be an object' }]);
    expect(decoded.resourceLogs[0]!.scopeLogs[0]!.records).toHaveLength(1);
  });

  it('unset-times-read-as-zero-for-the-normalizer-to-resolve', () => {
    const { timeUnixNano: _t, observedTimeUnixNano: _o, ...untimed } = record;
    const decoded = decodeLogs(Buffer.from(JSON.stringify(exportOf(untimed))), 'json');
    expect(decoded.resourceLogs[0]!.scopeLogs[0]!.records[0]).toMatchObject({ timeNs: 0n, observedTimeNs: 0n });
    const fromProtobuf = decodeLogs(encodeLogsRequestFromJson(exportOf(untimed)), 'protobuf');
    expect(fromProtobuf.resourceLogs[0]!.scopeLogs[0]!.records[0]).toMatchObject({ timeNs: 0n, observedTimeNs: 0n, eventName: 'claude_code.api_request' });
  });
});
