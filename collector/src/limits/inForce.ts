// The spend caps and limits refusing calls now, said the way on-call needs it at 3 a.m.
import type { LimitClass } from '@burnrate/contract';
import type { Gateway } from '../store/gateway';
import type { LimitInForce } from '@burnrate/contract';
import { spendRunsInForce } from './queries';

const WHAT: Partial<Record<LimitClass, string>> = {
  spend_cap_tier: 'the monthly spend cap of the usage tier',
  spend_limit_org: "the organisation's spend limit",
  spend_limit_workspace: 'a workspace spend limit',
};

/** "14:02 UTC" today, else "2026-12-05 14:02 UTC". */
function when(at: Date, now: Date): string {
  const iso = at.toISOString();
  const time = `${iso.slice(11, 16)} UTC`;
  return iso.slice(0, 10) === now.toISOString().slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}

export function inForceMessage(limitClass: LimitClass, since: Date, resumesAt: Date | null, now: Date): string {
  const resume = resumesAt
    ? `access resumes ${resumesAt.toISOString().slice(0, 10)} ${resumesAt.toISOString().slice(11, 16)} UTC`
    : 'the API did not say when access resumes';
  return `Calls are refused: ${WHAT[limitClass] ?? limitClass} was reached at ${when(since, now)}; ${resume}`;
}

export async function limitsInForce(gateway: Gateway, now: Date): Promise<LimitInForce[]> {
  return (await spendRunsInForce(gateway, now)).map((run) => ({
    limitClass: run.limitClass,
    since: run.since.toISOString(),
    lastRefusedAt: run.lastRefusedAt.toISOString(),
    resumesAt: run.resumesAt?.toISOString() ?? null,
    account: run.account,
    message: inForceMessage(run.limitClass, run.since, run.resumesAt, now),
  }));
}
