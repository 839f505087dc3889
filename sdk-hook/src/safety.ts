import { diag } from '@opentelemetry/api';

// Telemetry must never break the app: every hook step runs through these, and what fails goes to
// the OTel diagnostics logger (silent unless the app sets one), never to the caller.

export const log = diag.createComponentLogger({ namespace: '@burnrate/sdk-hook' });

/** Runs `step`; on a throw logs it and returns `undefined`. */
export function safely<T>(what: string, step: () => T): T | undefined {
  try {
    return step();
  } catch (problem) {
    log.debug(`could not ${what}`, problem);
    return undefined;
  }
}

/** Like {@link safely} for async steps: the returned promise never rejects. */
export async function safelyAsync<T>(what: string, step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (problem) {
    log.debug(`could not ${what}`, problem);
    return undefined;
  }
}

const warned = new Set<string>();

/** A warning that is worth saying once per process (a limitation, not an event). */
export function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  log.warn(message);
}
