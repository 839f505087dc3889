// The override file named by BURNRATE_PRICING_FILE: negotiated prices, prices of models newer
// than this release, corrections. It is the user's truth: for a model it names, a row applies from
// its `from` on over every default row, later list-price changes included, until its optional
// `until` (first day it no longer applies). Format (more optional fields may come; these keep
// their meaning):
//   {"prices":[{"model":"claude-opus-4-7","from":"2026-01-01",          "until":"2027-01-01",  // optional
//               "usdPerMTok":{"input":5,"output":25,"cacheWrite5m":6.25,"cacheWrite1h":10,"cacheRead":0.5},
//               "aliases":["…"],                                   // optional
//               "bands":[{"abovePromptTokens":200000,"usdPerMTok":{…}}],  // optional
//               "multipliers":{"batch":0.5,"dataResidency":1.1,"fast":2},  // optional
//               "serverTools":{"webSearchPerThousand":10}}]}               // optional
// Prices may be JSON numbers or decimal strings; both are read exactly (decimal.ts).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseMultiplier, usdPerMTokToNanoPerToken } from './decimal';
import { canonicalModelId } from './modelId';
import type { PriceSpec } from './priceSpec';
import { utcDayStartMs } from './utcDay';

const ENV_NAME = 'BURNRATE_PRICING_FILE';

/** An unusable override file; the message names the file, the entry and the field. */
export class PricingFileError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${ENV_NAME} ${file}: ${detail}`);
    this.name = 'PricingFileError';
  }
}

/** A field whose check throws an Error whose message completes "<field> …". */
function checked<T>(check: (value: unknown) => unknown) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      try {
        check(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .transform((value) => value as T);
}

const price = checked<number | string>(usdPerMTokToNanoPerToken);
const multiplier = checked<number | string>(parseMultiplier).optional();
const nonEmpty = checked<string>((value) => {
  if (typeof value !== 'string' || value.trim() === '') throw new Error('must be a non-empty string');
});
const day = checked<string>((value) => {
  if (typeof value !== 'string' || utcDayStartMs(value) === undefined) {
    throw new Error('must be a date as YYYY-MM-DD');
  }
});
const tokenCount = checked<number>((value) => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new Error('must be a non-negative integer');
  }
});

const usdPerMTok = z.object({
  input: price,
  output: price,
  cacheWrite5m: price,
  cacheWrite1h: price,
  cacheRead: price,
});

const entrySchema = z.object({
  model: nonEmpty,
  aliases: z.array(nonEmpty).optional(),
  from: day,
  usdPerMTok,
  bands: z.array(z.object({ abovePromptTokens: tokenCount, usdPerMTok })).optional(),
  multipliers: z.object({ batch: multiplier, dataResidency: multiplier, fast: multiplier, cloudRegional: multiplier }).optional(),
  serverTools: z.object({ webSearchPerThousand: price.optional() }).optional(),
  until: day.optional(),
});

const fileSchema = z.object({ prices: z.array(entrySchema) });

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
}

function describe(issue: z.core.$ZodIssue): string {
  const path = fieldPath(issue.path);
  const reason = issue.code === 'invalid_type' ? `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}` : issue.message;
  return `${path === '' ? 'the file' : path} ${reason}`;
}

/** Reads and validates the file; throws PricingFileError. */
export function readOverrideFile(file: string): PriceSpec[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PricingFileError(file, code === 'ENOENT' ? 'no such file' : `cannot be read (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PricingFileError(file, `is not valid JSON (${(error as Error).message})`);
  }
  return parseOverrideJson(json, file);
}

/** A price file's parsed JSON, validated; throws PricingFileError naming `file`, the entry and the field. */
export function parseOverrideJson(json: unknown, file: string): PriceSpec[] {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new PricingFileError(file, parsed.error.issues.map(describe).join('; '));
  return parsed.data.prices;
}

function definedOnly<T extends object>(fields: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(fields ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * The file's rows, ready for the table: each keyed by the canonical model it prices (an alias of a
 * default model resolves to that model). A row states its own prices and bands in full. Its
 * multipliers and server-tool fees default to those of the model's default entry in force on its
 * `from` day (else the model's first), because Anthropic sets batch, US-only and fast-mode premiums
 * and tool fees per model, not per price change.
 */
export function applyOverrides(defaults: readonly PriceSpec[], overrides: readonly PriceSpec[], file: string): PriceSpec[] {
  const byModel = new Map<string, PriceSpec[]>();
  const aliasOf = new Map<string, string>();
  for (const spec of defaults) {
    const model = canonicalModelId(spec.model);
    byModel.set(model, [...(byModel.get(model) ?? []), spec]);
    for (const alias of spec.aliases ?? []) aliasOf.set(canonicalModelId(alias), model);
  }
  const seen = new Map<string, number>();

  return overrides.map((override, i) => {
    const named = canonicalModelId(override.model);
    const model = aliasOf.get(named) ?? named;
    const key = `${model} ${override.from}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new PricingFileError(file, `prices[${i}] repeats ${model} from ${override.from} (also prices[${earlier}])`);
    }
    seen.set(key, i);
    if (override.until !== undefined && override.until <= override.from) {
      throw new PricingFileError(file, `prices[${i}].until must be after from (${override.from})`);
    }
    (override.aliases ?? []).forEach((alias, j) => {
      const id = canonicalModelId(alias);
      const owner = byModel.has(id) ? id : aliasOf.get(id);
      if (owner !== undefined && owner !== model) {
        throw new PricingFileError(file, `prices[${i}].aliases[${j}] "${alias}" already names ${owner}`);
      }
    });
    const family = [...(byModel.get(model) ?? [])].sort((a, b) => a.from.localeCompare(b.from));
    const inForce = family.filter((spec) => spec.from <= override.from).at(-1) ?? family[0];
    const serverTools = { ...definedOnly(inForce?.serverTools), ...definedOnly(override.serverTools) };
    return {
      ...override,
      model,
      multipliers: { ...definedOnly(inForce?.multipliers), ...definedOnly(override.multipliers) },
      ...(Object.keys(serverTools).length > 0 ? { serverTools } : {}),
    };
  });
}
