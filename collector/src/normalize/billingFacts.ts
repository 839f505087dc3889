// What a call's price depends on beyond its tokens and model: the speed it ran at, whether it ran
// US-only, the Batch API, and the server-tool requests it made. Read from the sdk-hook's
// attributes (semconv.ts) and the older burnrate.* flags any app may set itself. The response
// usage wins over the request: a request for fast mode can be served (and billed) at standard
// speed, and inference_geo in the usage says where the call really ran.
import { createHash } from 'node:crypto';
import type { Attributes } from '../otlp/model';
import { Burnrate, GenAi, Http } from '../semconv';
import { boolAttr, numberAttr, stringAttr } from './attributes';

export interface BillingFacts {
  /** A batch result's identity, the same on every read of the batch's results (else absent). */
  traceId?: string;
  spanId?: string;
  batch: boolean;
  dataResidency: boolean;
  speed: string;
  webSearchRequests: number;
  webFetchRequests: number;
  /** Bedrock / Google Cloud: 'global' or 'regional' endpoint, '' when not a cloud call or not known. */
  cloudEndpoint: string;
}

// Bedrock names the endpoint in the model id: "global.anthropic.…" is the global endpoint; a
// geographic profile ("us.anthropic.…", "eu.", "apac.", "jp.") or a plain "anthropic.…" in-region
// id is regional. Google Cloud names it in the host: "aiplatform.googleapis.com" is the global
// endpoint, "<region>-aiplatform.googleapis.com" a regional one.
const BEDROCK_GLOBAL = /^(?:.*\/)?global\.anthropic\./;
const BEDROCK_REGIONAL = /^(?:.*\/)?(?:[a-z][a-z-]{1,9}\.)?anthropic\./;
const VERTEX_GLOBAL_HOST = 'aiplatform.googleapis.com';
const VERTEX_REGIONAL_HOST = /^[a-z0-9-]+-aiplatform\.googleapis\.com$/;

function cloudEndpoint(attributes: Attributes): string {
  const provider = stringAttr(attributes, GenAi.providerName) ?? stringAttr(attributes, GenAi.system);
  if (provider === 'aws.bedrock') {
    const model = (stringAttr(attributes, GenAi.requestModel) ?? '').trim().toLowerCase();
    return BEDROCK_GLOBAL.test(model) ? 'global' : BEDROCK_REGIONAL.test(model) ? 'regional' : '';
  }
  if (provider === 'gcp.vertex_ai') {
    const host = (stringAttr(attributes, Http.serverAddress) ?? '').trim().toLowerCase();
    return host === VERTEX_GLOBAL_HOST ? 'global' : VERTEX_REGIONAL_HOST.test(host) ? 'regional' : '';
  }
  return '';
}

// US-only inference is `inference_geo: "us"` (Anthropic, "Data residency"); other values
// ("global", …) are standard-priced.
const US_ONLY_GEO = 'us';
// A counter far above what one request can make is a broken exporter, not a bill.
const MAX_REQUESTS_PER_CALL = 100_000;

function count(attributes: Attributes, key: string): number {
  const value = numberAttr(attributes, key);
  return value !== undefined && Number.isSafeInteger(value) && value >= 0 && value <= MAX_REQUESTS_PER_CALL ? value : 0;
}

/**
 * An app that reads a batch's results twice makes two spans for each result; both must be the
 * same call, so its ids are derived from the result's own id and the store keeps one.
 */
function batchResultIdentity(attributes: Attributes): { traceId: string; spanId: string } | undefined {
  const resultId = stringAttr(attributes, Burnrate.batchResultId);
  if (resultId === undefined || resultId === '') return undefined;
  const digest = createHash('sha256').update(`burnrate batch result ${resultId}`).digest('hex');
  return { traceId: digest.slice(0, 32), spanId: digest.slice(32, 48) };
}

export function billingFacts(attributes: Attributes, maxLabelChars: number): BillingFacts {
  const geo = stringAttr(attributes, Burnrate.usageInferenceGeo) ?? stringAttr(attributes, Burnrate.requestInferenceGeo);
  const speed = stringAttr(attributes, Burnrate.usageSpeed) ?? stringAttr(attributes, Burnrate.requestSpeed) ?? stringAttr(attributes, Burnrate.speed);
  // Built as one literal (no spread): this runs once per span on the ingest hot path.
  const facts: BillingFacts = {
    batch: boolAttr(attributes, Burnrate.batch) ?? false,
    dataResidency: geo !== undefined ? geo.trim().toLowerCase() === US_ONLY_GEO : (boolAttr(attributes, Burnrate.dataResidency) ?? false),
    speed: (speed ?? '').slice(0, maxLabelChars),
    webSearchRequests: count(attributes, Burnrate.webSearchRequests),
    webFetchRequests: count(attributes, Burnrate.webFetchRequests),
    cloudEndpoint: cloudEndpoint(attributes),
  };
  const identity = batchResultIdentity(attributes);
  if (identity) {
    facts.traceId = identity.traceId;
    facts.spanId = identity.spanId;
  }
  return facts;
}
