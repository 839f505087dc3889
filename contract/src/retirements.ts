// Anthropic's deprecation and retirement schedule for the Claude API, as data: which model is
// deprecated since when, when it is (or was) retired, and what Anthropic says to move to. Used by
// the collector's deprecated-model alert rule and the Overview's "retiring soon" notice.
//
// Sources (facts recorded, not text), checked 2026-12-06:
//  - DEPRECATIONS: Anthropic, "Model deprecations",
//    https://platform.claude.com/docs/en/about-claude/model-deprecations (model status table and
//    the dated deprecation sections; stored copies in several languages, the latest read through a
//    public transcription of 2026-09-17 and release notes of 2026-11-26 that quote it).
//  - FAST_MODE: Anthropic, "Fast mode" in Claude Code's docs, https://code.claude.com/docs/en/fast-mode
//    (fast mode for Opus 4.7 deprecated 2026-06-25 and removed 2026-07-24; for Opus 4.8
//    deprecated 2026-10-30, removed 2026-11-30, after which fast requests to it are rejected).
//  - ISSUE_12: dates listed in burnrate's issue 12 from the same deprecations page, where no stored
//    copy of the row was found (marked on the rows).
// Dates are the Claude API's own; Amazon Bedrock and Google Cloud set their own schedules.
// A `null` date is one Anthropic has not announced (or that was not found): never guessed.
import { canonicalModelId } from './modelId';

const DEPRECATIONS = 'https://platform.claude.com/docs/en/about-claude/model-deprecations';
const FAST_MODE = 'https://code.claude.com/docs/en/fast-mode';
const ISSUE_12 = `${DEPRECATIONS} (dates as listed in burnrate issue 12)`;

export interface ModelRetirement {
  /** Canonical model id (canonicalModelId form). */
  model: string;
  /** What is retired: the whole model, or only its fast mode (speed "fast"). */
  scope: 'model' | 'fast-mode';
  /** YYYY-MM-DD the deprecation was announced; null when not found. */
  deprecated: string | null;
  /** YYYY-MM-DD from which requests fail (or, for fast mode, are rejected); null when not announced. */
  retires: string | null;
  /** The model Anthropic recommends moving to; null when it names none. */
  replacement: string | null;
  source: string;
}

export const MODEL_RETIREMENTS: readonly ModelRetirement[] = [
  { model: 'claude-2-0', scope: 'model', deprecated: '2025-01-21', retires: '2025-07-21', replacement: 'claude-sonnet-4', source: DEPRECATIONS },
  { model: 'claude-2-1', scope: 'model', deprecated: '2025-01-21', retires: '2025-07-21', replacement: 'claude-sonnet-4', source: DEPRECATIONS },
  { model: 'claude-3-sonnet', scope: 'model', deprecated: '2025-01-21', retires: '2025-07-21', replacement: 'claude-sonnet-4', source: DEPRECATIONS },
  { model: 'claude-3-opus', scope: 'model', deprecated: '2025-06-30', retires: '2026-01-05', replacement: 'claude-opus-4-1', source: DEPRECATIONS },
  // 3.5 Sonnet (both snapshots) was retired 2025-10-28; its deprecation day was not found.
  { model: 'claude-3-5-sonnet', scope: 'model', deprecated: null, retires: '2025-10-28', replacement: 'claude-sonnet-4-5', source: DEPRECATIONS },
  { model: 'claude-3-7-sonnet', scope: 'model', deprecated: '2025-10-28', retires: '2026-02-19', replacement: 'claude-sonnet-4-5', source: DEPRECATIONS },
  { model: 'claude-3-5-haiku', scope: 'model', deprecated: null, retires: '2026-02-19', replacement: 'claude-haiku-4-5', source: ISSUE_12 },
  { model: 'claude-3-haiku', scope: 'model', deprecated: null, retires: '2026-04-20', replacement: 'claude-haiku-4-5', source: ISSUE_12 },
  { model: 'claude-sonnet-4', scope: 'model', deprecated: '2026-04-14', retires: '2026-06-15', replacement: 'claude-sonnet-4-6', source: DEPRECATIONS },
  { model: 'claude-opus-4', scope: 'model', deprecated: '2026-04-14', retires: '2026-06-15', replacement: 'claude-opus-4-8', source: DEPRECATIONS },
  { model: 'claude-opus-4-1', scope: 'model', deprecated: '2026-06-05', retires: '2026-08-05', replacement: 'claude-opus-4-8', source: DEPRECATIONS },
  // Deprecated per @anthropic-ai/sdk 1.12.0's own list; no retirement day announced in the copies read.
  { model: 'claude-sonnet-4-5', scope: 'model', deprecated: null, retires: null, replacement: 'claude-sonnet-4-6', source: DEPRECATIONS },
  { model: 'claude-mythos-preview', scope: 'model', deprecated: null, retires: null, replacement: 'claude-mythos-5', source: DEPRECATIONS },
  // "Tentative" retirement on the page; kept as the date to plan for.
  { model: 'claude-opus-4-5', scope: 'model', deprecated: '2026-11-23', retires: '2027-01-22', replacement: 'claude-opus-5-5', source: DEPRECATIONS },
  { model: 'claude-opus-4-7', scope: 'fast-mode', deprecated: '2026-06-25', retires: '2026-07-24', replacement: 'claude-opus-5-5', source: FAST_MODE },
  { model: 'claude-opus-4-8', scope: 'fast-mode', deprecated: '2026-10-30', retires: '2026-11-30', replacement: 'claude-opus-5-5', source: FAST_MODE },
];

const DAY_MS = 86_400_000;
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The schedule's entry for a whole model (any spelling), if it has one. */
export function modelRetirement(model: string): ModelRetirement | undefined {
  const id = canonicalModelId(model);
  return MODEL_RETIREMENTS.find((r) => r.scope === 'model' && r.model === id);
}

/**
 * Whole models deprecated at `now`: announced on or before it. A listed model whose deprecation
 * day was not found counts as deprecated (it is on the page's deprecated list).
 */
export function deprecatedModelsAt(now: Date): string[] {
  return MODEL_RETIREMENTS.filter((r) => r.scope === 'model' && (r.deprecated === null || dayStart(r.deprecated) <= now.getTime())).map((r) => r.model);
}

/** Whole models whose retirement day falls within `days` days after `now` (not yet retired). */
export function retiringWithin(now: Date, days: number): ModelRetirement[] {
  const t = now.getTime();
  return MODEL_RETIREMENTS.filter((r) => r.scope === 'model' && r.retires !== null && dayStart(r.retires) > t && dayStart(r.retires) <= t + days * DAY_MS);
}
