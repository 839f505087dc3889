import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Step } from './scriptedFetch';

// The scripted API answers of test/fixtures/limits/answers.json (one per limit class, each with
// its source and the day it was checked), as scripted-fetch steps.

export interface LimitAnswer {
  name: string;
  limitClass: string;
  detail: string;
  resumesAt?: string;
  status: number;
  headers: Record<string, string>;
  body: { error: { type: string; message: string; details?: { error_code?: string } } };
  source: string;
  checked: string;
}

const PATH = fileURLToPath(new URL('../../fixtures/limits/answers.json', import.meta.url));

export const LIMIT_ANSWERS: LimitAnswer[] = (JSON.parse(readFileSync(PATH, 'utf8')) as { answers: LimitAnswer[] }).answers;

export function limitAnswer(name: string): LimitAnswer {
  const answer = LIMIT_ANSWERS.find((a) => a.name === name);
  if (!answer) throw new Error(`no limit fixture ${name}`);
  return answer;
}

/** The answer as the API sends it; the SDK's own retry rules decide (no x-should-retry). */
export function answer(fixture: LimitAnswer): Step {
  return () =>
    new Response(JSON.stringify(fixture.body), {
      status: fixture.status,
      headers: { 'content-type': 'application/json', 'request-id': `req_${fixture.name}`, ...fixture.headers },
    });
}
