import { Env, Header } from './semconv';

export const DEFAULT_ENDPOINT = 'http://localhost:4318';
const TRACES_PATH = '/v1/traces';

export interface ExportTarget {
  /** Full OTLP/HTTP traces URL. */
  url: string;
  headers: Record<string, string>;
  /** Set when a configured endpoint was not a URL and the default was used instead. */
  invalid?: string;
}

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Where spans go. Base URLs (option, BURNRATE_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT) get the
 * standard `/v1/traces` path appended, as the OTLP spec says for the generic variable; a URL that
 * already ends in it is taken as is.
 */
export function resolveExportTarget(options: { endpoint?: string | undefined; ingestKey?: string | undefined }, env: Environment = process.env): ExportTarget {
  const configured = nonEmpty(options.endpoint) ?? nonEmpty(env[Env.endpoint]) ?? nonEmpty(env[Env.otlpEndpoint]);
  const key = nonEmpty(options.ingestKey) ?? nonEmpty(env[Env.ingestKey]);
  const headers: Record<string, string> = key ? { [Header.ingestKey]: key } : {};
  const url = tracesUrl(configured ?? DEFAULT_ENDPOINT);
  if (url) return { url, headers };
  return { url: tracesUrl(DEFAULT_ENDPOINT)!, headers, invalid: configured };
}

function tracesUrl(base: string): string | undefined {
  try {
    const url = new URL(base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    const path = url.pathname.replace(/\/+$/, '');
    url.pathname = path.endsWith(TRACES_PATH) ? path : path + TRACES_PATH;
    return url.toString();
  } catch {
    return undefined;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
