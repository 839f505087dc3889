// Series colours: distinct, colour-blind-aware (Okabe–Ito based), the folded "Other" in grey.
export const GROUP_COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#6a3d9a', '#8c564b', '#17becf'];
export const OTHER_COLOR = '#9aa0a6';

export interface SeriesStyle {
  id: string;
  label: string;
  color: string;
}

// One colour per name for the whole session, so a model (or team) looks the same in every chart.
const assigned = new Map<string, string>();

export function colorOf(label: string): string {
  let color = assigned.get(label);
  if (!color) assigned.set(label, (color = GROUP_COLORS[assigned.size % GROUP_COLORS.length]!));
  return color;
}

export function groupStyles(series: { id: string; label: string; other: boolean }[]): SeriesStyle[] {
  return series.map((s) => ({ id: s.id, label: s.label, color: s.other ? OTHER_COLOR : colorOf(s.label) }));
}
