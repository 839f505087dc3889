// Series colours: distinct, colour-blind-aware (Okabe–Ito based), the folded "Other" in grey.
// How a series is drawn is decided with its rows (transforms/), so its type lives there.
import type { SeriesStyle } from '../transforms/series';
export type { SeriesStyle };
export const GROUP_COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#6a3d9a', '#8c564b', '#17becf'];
export const OTHER_COLOR = '#9aa0a6';

// The models most teams run side by side get fixed, clearly different colours; any other name
// (older models, teams, services) gets one from a hash of the name. A colour is a function of the
// name alone, so a model looks the same in every chart, every range and every page load; the
// order in which a session first met the names no longer matters.
const FIXED: Record<string, string> = {
  'claude-opus-4-6': '#0072b2',
  'claude-sonnet-4-6': '#e69f00',
  'claude-haiku-4-5': '#009e73',
  'claude-opus-4-5': '#56b4e9',
  'claude-sonnet-4-5': '#cc79a7',
  'claude-opus-4-1': '#6a3d9a',
};

/** FNV-1a: small, stable across browsers and releases. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function colorOf(label: string): string {
  return FIXED[label] ?? GROUP_COLORS[hash(label) % GROUP_COLORS.length]!;
}

export function groupStyles(series: { id: string; label: string; other: boolean }[]): SeriesStyle[] {
  return series.map((s) => ({ id: s.id, label: s.label, color: s.other ? OTHER_COLOR : colorOf(s.label) }));
}
