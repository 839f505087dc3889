// Is a collector running, and where? BURNRATE_URL names one explicitly; otherwise the address
// this config would listen on is asked for /healthz.
import type { Config } from '../../config';

const PROBE_TIMEOUT_MS = 1500;

export function collectorUrl(config: Config, env: NodeJS.ProcessEnv = process.env): { url: string; explicit: boolean } {
  if (env.BURNRATE_URL) return { url: env.BURNRATE_URL.replace(/\/+$/, ''), explicit: true };
  // A collector listening on every address is reached on loopback.
  const host = ['0.0.0.0', '::'].includes(config.BURNRATE_HOST) ? '127.0.0.1' : config.BURNRATE_HOST;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${config.BURNRATE_PORT}`, explicit: false };
}

/** True when a burnrate collector answers at url (its /healthz says so, even with its store down). */
export async function collectorAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    const body = (await res.json()) as { status?: unknown; store?: unknown };
    return typeof body.status === 'string' && typeof body.store === 'string';
  } catch {
    return false;
  }
}
