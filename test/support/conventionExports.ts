// Hand-built OTLP/JSON exports for the normalizer's convention tests: spans with the attributes a
// convention's published names give them, for what no capture shows (old spellings, bad values).
import { decodeTraces } from '../../collector/src/otlp/decode';
import { fromWire } from '../../collector/src/otlp/fromWire';
import { normalize, type NormalizedBatch } from '../../collector/src/normalize/normalize';
import { Resource } from '../../collector/src/semconv';
import type { Convention } from '../../collector/src/normalize/conventions/registry';
import { conformanceExport, conformanceSuites, conformanceTruth, fixtureNames, fixtureJson } from './fixtures';

export type Value = string | number | boolean;
export const NOW_NS = 1_795_297_100_000_000_000n;

export function kv(attrs: Record<string, Value>) {
  return Object.entries(attrs).map(([key, value]) => ({
    key,
    value:
      typeof value === 'string'
        ? { stringValue: value }
        : typeof value === 'boolean'
          ? { boolValue: value }
          : Number.isInteger(value)
            ? { intValue: String(value) }
            : { doubleValue: value },
  }));
}

export function exportOf(
  spans: { attrs: Record<string, Value>; spanId?: string; events?: unknown[] }[],
  scope = 'some-instrumentation',
  resource: Record<string, Value> = { [Resource.serviceName]: 'svc' },
) {
  return {
    resourceSpans: [
      {
        resource: { attributes: kv(resource) },
        scopeSpans: [
          {
            scope: { name: scope },
            spans: spans.map((s, i) => ({
              traceId: '0123456789abcdef0123456789abcdef',
              spanId: s.spanId ?? `00000000000000${String(i + 1).padStart(2, '0')}`,
              name: 'chat',
              startTimeUnixNano: '1795297000000000000',
              endTimeUnixNano: '1795297001000000000',
              attributes: kv(s.attrs),
              events: s.events ?? [],
            })),
          },
        ],
      },
    ],
  };
}

export const normalizeJson = (body: unknown): NormalizedBatch => normalize(fromWire(body, NOW_NS));

/**
 * Every capture of one convention alone (conformance/<capture>/ and otlp/<capture>-*), normalized:
 * what its folder's test checks is read as that convention, one call per scenario.
 */
export function capturesOf(convention: Convention): { name: string; batch: NormalizedBatch }[] {
  const out: { name: string; batch: NormalizedBatch }[] = [];
  for (const capture of convention.captures) {
    if (conformanceSuites().includes(capture)) {
      for (const scenario of conformanceTruth(capture).scenarios) {
        out.push({
          name: `conformance/${capture}/${scenario.name}`,
          batch: normalize(decodeTraces(conformanceExport(capture, scenario.name, 'json'), 'json')),
        });
      }
    }
    for (const name of fixtureNames().filter((n) => n.startsWith(`${capture}-`))) {
      out.push({ name: `otlp/${name}`, batch: normalize(decodeTraces(fixtureJson(name), 'json')) });
    }
  }
  return out;
}
