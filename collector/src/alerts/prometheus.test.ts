import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { renderPrometheus } from './prometheus';

describe('renderPrometheus', () => {
  it('round-trips-through-a-real-prometheus-parser-with-hostile-label-values', () => {
    const nasty = 'a "quoted" \\ back\\slash\nnew line, {braces}=';
    const text = renderPrometheus([
      { name: 'x_total', help: 'A counter.\nSecond line \\ here.', type: 'counter', samples: [{ labels: { team: nasty, model: 'm' }, value: 3 }] },
      {
        name: 'y_ratio',
        help: 'A gauge.',
        type: 'gauge',
        samples: [
          { labels: {}, value: 0.000000001 },
          { labels: { k: 'inf' }, value: Infinity },
        ],
      },
      { name: 'empty', help: 'No samples yet.', type: 'gauge', samples: [] },
    ]);
    expect(text.endsWith('\n')).toBe(true);
    const parsed = parsePrometheusTextFormat(text);
    expect(parsed).toEqual([
      { name: 'x_total', help: 'A counter.\nSecond line \\ here.', type: 'COUNTER', metrics: [{ value: '3', labels: { team: nasty, model: 'm' } }] },
      { name: 'y_ratio', help: 'A gauge.', type: 'GAUGE', metrics: [{ value: '1e-9' }, { value: '+Inf', labels: { k: 'inf' } }] },
      { name: 'empty', help: 'No samples yet.', type: 'GAUGE', metrics: [] },
    ]);
  });
});
