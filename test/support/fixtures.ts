// The OTLP fixtures, captured by `npm run capture` (test/capture/) from the real SDK and real
// instrumentation packages against a scripted API, and committed under test/fixtures/.
//   otlp/<suite>-<scenario>.{json,pb,truth.json}  the small corpus the decoder, store and fault tests post
//   conformance/<suite>/<scenario>.{json,pb} + truth.json  every scenario, per instrumentation
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Step } from '../capture/scenarios';
import type { Totals } from '../capture/truth';
import { GenAi } from '../../collector/src/semconv';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/otlp', import.meta.url));
export const CONFORMANCE_DIR = fileURLToPath(new URL('../fixtures/conformance', import.meta.url));

export type TruthStep = Step;

export interface Truth {
  name: string;
  instrumentation: string;
  packages: Record<string, string>;
  model: string;
  steps: TruthStep[];
  costNanoUsd: string;
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.truth.json'))
    .map((f) => f.replace(/\.truth\.json$/, ''))
    .sort();
}

export const fixtureJson = (name: string) => readFileSync(`${FIXTURES_DIR}/${name}.json`);
export const fixtureProtobuf = (name: string) => readFileSync(`${FIXTURES_DIR}/${name}.pb`);
export const fixtureTruth = (name: string): Truth => JSON.parse(readFileSync(`${FIXTURES_DIR}/${name}.truth.json`, 'utf8'));

export interface ConformanceTruth {
  suite: string;
  nativeTracing: boolean;
  packages: Record<string, string>;
  totals: Totals;
  scenarios: { name: string; model: string; stream: boolean; tool: boolean; steps: TruthStep[]; costNanoUsd: string }[];
  /** A Python instrumentation's export, made by hand (npm run capture:python): the source it follows. */
  handMadeFrom?: { repository: string; commit: string; files: string[]; distribution: string; version: string };
}

export const conformanceSuites = (): string[] => readdirSync(CONFORMANCE_DIR).sort();
export const conformanceTruth = (suite: string): ConformanceTruth => JSON.parse(readFileSync(`${CONFORMANCE_DIR}/${suite}/truth.json`, 'utf8'));
export const conformanceExport = (suite: string, scenario: string, encoding: 'json' | 'protobuf') =>
  readFileSync(`${CONFORMANCE_DIR}/${suite}/${scenario}.${encoding === 'json' ? 'json' : 'pb'}`);

/** A query range (UTC days) that holds every capture, corpus and conformance: their clocks are the capture's real time. */
export function fixtureRange(): string {
  let min = Infinity;
  let max = -Infinity;
  const conformance = conformanceSuites().flatMap((suite) => conformanceTruth(suite).scenarios.map((s) => conformanceExport(suite, s.name, 'json')));
  for (const body of [...fixtureNames().map(fixtureJson), ...conformance]) {
    for (const match of body.toString('utf8').matchAll(/"startTimeUnixNano":"(\d+)"/g)) {
      const ms = Number(BigInt(match[1]!) / 1_000_000n);
      min = Math.min(min, ms);
      max = Math.max(max, ms);
    }
  }
  const day = 86_400_000;
  const from = new Date(Math.floor(min / day) * day).toISOString();
  const to = new Date((Math.floor(max / day) + 1) * day).toISOString();
  return `from=${from}&to=${to}`;
}

const CALL_ID_ATTRIBUTES = new Set([GenAi.responseId, 'anthropic.request.id']);

/**
 * A captured span (OTLP/JSON) turned into another API call: a new span id and new message and
 * request ids. A copy with only a new span id is the same call to burnrate, and is stored once.
 */
export function asAnotherCall<T extends { spanId: string; attributes: { key: string; value: { stringValue?: string } }[] }>(span: T, spanId: string): T {
  return {
    ...span,
    spanId,
    attributes: span.attributes.map((a) => (CALL_ID_ATTRIBUTES.has(a.key) ? { ...a, value: { stringValue: `${a.value.stringValue}_${spanId}` } } : a)),
  };
}
