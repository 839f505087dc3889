// The bench stamps its pre-encoded exports with the time they are sent (exportTimes.ts): every
// span's start and end, and every event's time, move by the same amount, and nothing else does.
import { expect, it } from 'vitest';
import { decodeTraces } from '../../collector/src/otlp/decode';
import { freshExport, template } from './senderExports';

const timesOf = (bytes: Buffer) =>
  decodeTraces(bytes, 'protobuf').resourceSpans.flatMap((r) =>
    r.scopeSpans.flatMap((s) => s.spans.flatMap((span) => [span.startTimeNs, span.endTimeNs, ...span.events.map((e) => e.timeNs)])),
  );

it('a stamped export has every time moved to end just before it was sent, and the same spans otherwise', () => {
  const startNs = 1_780_000_000_000_000_000n;
  const t = template(startNs);
  const before = timesOf(t.bytes);
  // 512 spans, a start and an end each, and 538 attempt events (two for every 20th call).
  expect(before).toHaveLength(512 * 2 + 538);
  const sentAtNs = startNs + 3_600_000_000_000n;
  const stamped = freshExport(t, sentAtNs);
  const shift = sentAtNs - 1_400_000_000n - startNs;
  expect(timesOf(stamped)).toEqual(before.map((time) => time + shift));
  expect(timesOf(stamped).every((time) => time < sentAtNs)).toBe(true);
  const spans = decodeTraces(stamped, 'protobuf').resourceSpans[0]!.scopeSpans[0]!.spans;
  expect(spans.map((s) => s.name)).toEqual(Array.from({ length: 512 }, () => 'anthropic.messages.create'));
  // Unstamped, as BENCH_FIXED_START=1 sends: the template's own times.
  expect(timesOf(freshExport(t))).toEqual(before);
});
