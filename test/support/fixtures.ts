// The shared OTLP fixtures (captured from the Anthropic SDK, OpenInference and OpenLLMetry),
// read in place from ../shared so the repo does not keep copies.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../../../shared/fixtures/otlp', import.meta.url));

export interface TruthStep {
  status: number;
  stream?: boolean;
  responseModel?: string;
  stopReason?: string;
  usage?: {
    input_tokens: number;
    output_tokens: number;
    cache_creation_input_tokens: number;
    cache_read_input_tokens: number;
    cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
    service_tier?: string;
  };
}

export interface Truth {
  name: string;
  instrumentation: 'native' | 'openinference' | 'openllmetry';
  model: string;
  steps: TruthStep[];
}

export function fixtureNames(): string[] {
  if (!existsSync(FIXTURES_DIR)) throw new Error(`shared fixtures not found at ${FIXTURES_DIR}`);
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.truth.json'))
    .map((f) => f.replace(/\.truth\.json$/, ''))
    .sort();
}

export const fixtureJson = (name: string) => readFileSync(`${FIXTURES_DIR}/${name}.json`);
export const fixtureProtobuf = (name: string) => readFileSync(`${FIXTURES_DIR}/${name}.pb`);
export const fixtureTruth = (name: string): Truth => JSON.parse(readFileSync(`${FIXTURES_DIR}/${name}.truth.json`, 'utf8'));
