// Default Claude API list prices, as data. Checked 2026-11-21 against stored copies of:
//  - Anthropic, "Pricing": https://platform.claude.com/docs/en/about-claude/pricing
//    (model table, prompt-caching multipliers and their per-model exceptions, data-residency,
//    fast-mode, batch and long-context sections; copies of 2026-09-26 and 2026-10-08/09, and an
//    earlier copy whose table still listed Claude 3, 3.5, 3.7 and 4 and the >200K rates of
//    Opus 4.6 and Sonnet 4.6 / 4.5 / 4)
//  - Anthropic, model overview pages https://platform.claude.com/docs/en/models/<model>/overview
//    (per-model prices, release dates)
//  - Anthropic, "Fast mode": https://platform.claude.com/docs/en/build-with-claude/fast-mode
//  - Anthropic, "Data residency": https://platform.claude.com/docs/en/manage-claude/data-residency
// Facts recorded, not text. Rules applied to every row unless the row says otherwise:
//  - Batch API: 50% off every token kind (caching multipliers stack with it).
//  - US-only inference (inference_geo "us"): 1.1x on every token kind, for Claude 4.6 and later
//    models only; earlier models reject the parameter, so they carry no multiplier.
//  - Fast mode: a multiplier on every token kind (caching and data residency stack on it); only
//    the models that list a fast price have one.
//  - `from` is the public release date on the Claude API (UTC). Release dates before 2026 are
//    from Anthropic's launch announcements and agree with the snapshot dates in the model ids;
//    they were not re-checked in this pass.
// UNCONFIRMED figures are marked on their rows; each keeps the best-known value.
import type { PriceSpec, UsdPerMTok } from './priceSpec';

/** Arguments in the pricing page's column order: base input, 5m write, 1h write, cache hit, output. */
function mtok(input: number, cacheWrite5m: number, cacheWrite1h: number, cacheRead: number, output: number): UsdPerMTok {
  return { input, output, cacheWrite5m, cacheWrite1h, cacheRead };
}

const US_ONLY = 1.1;

// Opus 4.6 / Sonnet 4.6 / Sonnet 4.5 / Sonnet 4 with the 1M-context beta: a prompt over 200K
// tokens (input + cache reads + cache writes) priced the whole request at these rates; caching
// multipliers applied on top of them.
const SONNET_LONG_CONTEXT = [{ abovePromptTokens: 200_000, usdPerMTok: mtok(6, 7.5, 12, 0.6, 22.5) }];
const OPUS_4_6_LONG_CONTEXT = [{ abovePromptTokens: 200_000, usdPerMTok: mtok(10, 12.5, 20, 1, 37.5) }];
// Anthropic made the full 1M window standard-priced for Opus 4.6 and Sonnet 4.6 on this day.
// UNCONFIRMED date: Anthropic's page states the rule but not the day; 2026-03-13 is from
// third-party reports of the announcement.
const LONG_CONTEXT_AT_STANDARD_PRICE = '2026-03-13';

const LIST_PRICES: readonly PriceSpec[] = [
  // Claude 3. Haiku 3's 5-minute write is 1.2x input, not the usual 1.25x.
  { model: 'claude-3-haiku', aliases: ['claude-haiku-3'], from: '2024-03-13', usdPerMTok: mtok(0.25, 0.3, 0.5, 0.03, 1.25) },
  // UNCONFIRMED cache columns: Claude 3 Sonnet was retired before the page listed it with caching;
  // they are derived with the standard 1.25x / 2x / 0.1x multipliers.
  { model: 'claude-3-sonnet', aliases: ['claude-sonnet-3'], from: '2024-03-04', usdPerMTok: mtok(3, 3.75, 6, 0.3, 15) },
  { model: 'claude-3-opus', aliases: ['claude-opus-3'], from: '2024-03-04', usdPerMTok: mtok(15, 18.75, 30, 1.5, 75) },

  // Claude 3.5. UNCONFIRMED: 3.5 Sonnet's 1h write (standard 2x).
  // 3.5 Haiku launched on the API on 2024-11-04 at $1 / $5 ($1.25 5m write, $0.10 cache hit; the
  // 1h write, which came later, at the standard 2x) and was cut to the pricing page's $0.80 / $4
  // "about a month later" (checked 2026-12-06: aiwiki.ai/wiki/claude_3_5_haiku, citing Anthropic's
  // announcements; the pricing page lists only the cut price). UNCONFIRMED day of the cut:
  // 2024-12-02, the week Anthropic announced it (from memory of the announcement, not a stored page).
  { model: 'claude-3-5-haiku', aliases: ['claude-haiku-3-5'], from: '2024-11-04', usdPerMTok: mtok(1, 1.25, 2, 0.1, 5) },
  { model: 'claude-3-5-haiku', aliases: ['claude-haiku-3-5'], from: '2024-12-02', usdPerMTok: mtok(0.8, 1, 1.6, 0.08, 4) },
  {
    model: 'claude-3-5-sonnet',
    aliases: ['claude-sonnet-3-5', 'claude-3-5-sonnet-v2'],
    from: '2024-06-20',
    usdPerMTok: mtok(3, 3.75, 6, 0.3, 15),
  },
  { model: 'claude-3-7-sonnet', aliases: ['claude-sonnet-3-7'], from: '2025-02-24', usdPerMTok: mtok(3, 3.75, 6, 0.3, 15) },

  // Claude 4 and 4.1. Anthropic's aliases for the first Claude 4 models end in "-0".
  {
    model: 'claude-sonnet-4',
    aliases: ['claude-sonnet-4-0'],
    from: '2025-05-22',
    usdPerMTok: mtok(3, 3.75, 6, 0.3, 15),
    bands: SONNET_LONG_CONTEXT,
  },
  { model: 'claude-opus-4', aliases: ['claude-opus-4-0'], from: '2025-05-22', usdPerMTok: mtok(15, 18.75, 30, 1.5, 75) },
  { model: 'claude-opus-4-1', from: '2025-08-05', usdPerMTok: mtok(15, 18.75, 30, 1.5, 75) },

  // Claude 4.5.
  { model: 'claude-sonnet-4-5', from: '2025-09-29', usdPerMTok: mtok(3, 3.75, 6, 0.3, 15), bands: SONNET_LONG_CONTEXT },
  { model: 'claude-haiku-4-5', from: '2025-10-15', usdPerMTok: mtok(1, 1.25, 2, 0.1, 5) },
  { model: 'claude-opus-4-5', from: '2025-11-24', usdPerMTok: mtok(5, 6.25, 10, 0.5, 25) },

  // Claude 4.6: first models with US-only inference. Opus 4.6 fast mode is 6x standard ($30 /
  // $150) over the full window: the fast-mode page prices fast mode "at a multiplier on standard
  // rates across the full context window, including requests over 200k input tokens", so a fast
  // call never takes the >200K band (priceCall.ts; checked 2026-12-06 against
  // platform.claude.com/docs/en/build-with-claude/fast-mode and code.claude.com/docs/en/fast-mode,
  // "$30/$150 MTok on Opus 4.7 and Opus 4.6"). Anthropic later stopped serving it fast, and such
  // requests report and bill standard speed.
  {
    model: 'claude-opus-4-6',
    from: '2026-02-05',
    usdPerMTok: mtok(5, 6.25, 10, 0.5, 25),
    bands: OPUS_4_6_LONG_CONTEXT,
    multipliers: { dataResidency: US_ONLY, fast: 6 },
  },
  {
    model: 'claude-opus-4-6',
    from: LONG_CONTEXT_AT_STANDARD_PRICE,
    usdPerMTok: mtok(5, 6.25, 10, 0.5, 25),
    multipliers: { dataResidency: US_ONLY, fast: 6 },
  },
  {
    model: 'claude-sonnet-4-6',
    from: '2026-02-17',
    usdPerMTok: mtok(3, 3.75, 6, 0.3, 15),
    bands: SONNET_LONG_CONTEXT,
    multipliers: { dataResidency: US_ONLY },
  },
  {
    model: 'claude-sonnet-4-6',
    from: LONG_CONTEXT_AT_STANDARD_PRICE,
    usdPerMTok: mtok(3, 3.75, 6, 0.3, 15),
    multipliers: { dataResidency: US_ONLY },
  },

  // UNCONFIRMED: Claude Mythos Preview (invitation-only, Project Glasswing, served through Bedrock
  // and Google Cloud) has no row on Anthropic's page; $25 / $125 is the partner price reported at
  // its announcement, and the cache columns use the standard multipliers.
  { model: 'claude-mythos-preview', from: '2026-04-07', usdPerMTok: mtok(25, 31.25, 50, 2.5, 125) },

  // Opus 4.7 fast mode was 6x until Anthropic removed it (2026-07-24; requests then fail).
  {
    model: 'claude-opus-4-7',
    from: '2026-04-16',
    usdPerMTok: mtok(5, 6.25, 10, 0.5, 25),
    multipliers: { dataResidency: US_ONLY, fast: 6 },
  },
  {
    model: 'claude-opus-4-8',
    from: '2026-05-28',
    usdPerMTok: mtok(5, 6.25, 10, 0.5, 25),
    multipliers: { dataResidency: US_ONLY, fast: 2 },
  },

  // Claude 5. Mythos 5 shares Fable 5's prices (limited availability).
  { model: 'claude-fable-5', from: '2026-06-09', usdPerMTok: mtok(10, 12.5, 20, 1, 50), multipliers: { dataResidency: US_ONLY } },
  { model: 'claude-mythos-5', from: '2026-06-09', usdPerMTok: mtok(10, 12.5, 20, 1, 50), multipliers: { dataResidency: US_ONLY } },
  // Launched at "introductory" $2 / $10, which Anthropic made the standard price before the
  // announced 2026-09-01 rise to $3 / $15 took effect, so there is no price change to record.
  { model: 'claude-sonnet-5', from: '2026-06-30', usdPerMTok: mtok(2, 2.5, 4, 0.2, 10), multipliers: { dataResidency: US_ONLY } },
  {
    model: 'claude-opus-5',
    from: '2026-07-24',
    usdPerMTok: mtok(5, 6.25, 10, 0.5, 25),
    multipliers: { dataResidency: US_ONLY, fast: 2 },
  },

  // Claude 5.1: cache hits at 0.025x input.
  { model: 'claude-fable-5-1', from: '2026-09-01', usdPerMTok: mtok(10, 12.5, 20, 0.25, 50), multipliers: { dataResidency: US_ONLY } },
  { model: 'claude-mythos-5-1', from: '2026-09-01', usdPerMTok: mtok(10, 12.5, 20, 0.25, 50), multipliers: { dataResidency: US_ONLY } },

  // Claude 5.5: cache hits at 0.05x input on Opus 5.5, and on Sonnet 5.5 from 2026-10-07 (it
  // launched at the standard 0.1x).
  {
    model: 'claude-opus-5-5',
    from: '2026-09-22',
    usdPerMTok: mtok(4, 5, 8, 0.2, 20),
    multipliers: { dataResidency: US_ONLY, fast: 2 },
  },
  { model: 'claude-sonnet-5-5', from: '2026-09-28', usdPerMTok: mtok(2, 2.5, 4, 0.2, 10), multipliers: { dataResidency: US_ONLY } },
  { model: 'claude-sonnet-5-5', from: '2026-10-07', usdPerMTok: mtok(2, 2.5, 4, 0.1, 10), multipliers: { dataResidency: US_ONLY } },
  // Priced by prompt length: a prompt over 100,000 tokens prices the whole request higher.
  {
    model: 'claude-haiku-5-5',
    from: '2026-10-07',
    usdPerMTok: mtok(0.1, 0.125, 0.2, 0.01, 0.5),
    bands: [{ abovePromptTokens: 100_000, usdPerMTok: mtok(0.5, 0.625, 1, 0.05, 2.5) }],
    multipliers: { dataResidency: US_ONLY },
  },

  // UNCONFIRMED: Claude 5.2 was released after the stored copies of Anthropic's pricing page; these
  // prices (and fast mode at 2x) are from resellers quoting it and from Google Cloud's page for the
  // same model. Anthropic's migration guide says Mythos 5.2 shares Fable 5.2's specifications.
  {
    model: 'claude-fable-5-2',
    from: '2026-11-09',
    usdPerMTok: mtok(8, 10, 16, 0.2, 40),
    multipliers: { dataResidency: US_ONLY, fast: 2 },
  },
  // Mythos 5.2 shares Fable 5.2's specifications and pricing (Anthropic's Mythos pages: "It shares
  // Claude Fable … specifications and pricing"), fast mode included: 2x on every token kind, as
  // Google Cloud's Fable 5.2 page states it ("priced at 2x the standard-speed token rates across
  // all token types"; checked 2026-12-06). Without it a fast Mythos 5.2 call, which the API serves
  // and reports as fast, was left unpriced.
  {
    model: 'claude-mythos-5-2',
    from: '2026-11-09',
    usdPerMTok: mtok(8, 10, 16, 0.2, 40),
    multipliers: { dataResidency: US_ONLY, fast: 2 },
  },
];

// Amazon Bedrock and Google Cloud: "starting with Claude Sonnet 4.5", both offer global and
// regional endpoints (Anthropic, "Claude on Amazon Bedrock", section "Global vs regional
// endpoints": https://platform.claude.com/docs/en/build-with-claude/claude-on-amazon-bedrock, and
// …/claude-on-vertex-ai; the stored copy read 2026-12-06 confirms the two endpoint types from
// Sonnet 4.5 on). UNCONFIRMED figure: the regional premium of 10% over the global endpoint (priced
// as Anthropic's list) was cut off in the stored copy; it is the figure those pages are known to
// state. Earlier models have one price per cloud, Anthropic's.
// Mythos Preview is left out: its only price is the UNCONFIRMED partner price above.
const CLOUD_REGIONAL = 1.1;
const FIRST_WITH_CLOUD_ENDPOINTS = '2025-09-29';

export const DEFAULT_PRICES: readonly PriceSpec[] = LIST_PRICES.map((spec) =>
  spec.from >= FIRST_WITH_CLOUD_ENDPOINTS && spec.model !== 'claude-mythos-preview'
    ? { ...spec, multipliers: { ...spec.multipliers, cloudRegional: CLOUD_REGIONAL } }
    : spec,
);
