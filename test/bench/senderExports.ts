// The bench's exports: one 512-span protobuf export encoded once, and copies of it with fresh
// trace, span and request ids written over the old ones (fixed-width fields found in the encoded
// bytes), and stamped with a new time when asked (exportTimes.ts): new calls each time, without
// encoding in the senders' hot loop.
import { randomFillSync } from 'node:crypto';
import { encodeTraceRequestFromJson } from '../../collector/src/otlp/decode';
import { syntheticExport } from '../support/syntheticSpans';
import { shiftTimes, timeOffsets } from './exportTimes';

export const SPANS_PER_EXPORT = 512;
const REQUEST_ID_HEX = 24;

export interface ExportTemplate {
  bytes: Buffer;
  /** Where, in its bytes, the ids to renew are. */
  ids: { at: number; length: number; hex: boolean }[];
  /** Where its times are (exportTimes.ts), and the first span's start. */
  times: number[];
  startNs: bigint;
}

/** The template's last span ends 1.36 s after its first starts (syntheticSpans: 512 starts 1 ms apart, 850 ms each). */
const TEMPLATE_SPAN_NS = 1_400_000_000n;

/** A template export of calls starting at `startNs`. */
export function template(startNs: bigint): ExportTemplate {
  const body = syntheticExport(SPANS_PER_EXPORT, 0, startNs);
  const spans = body.resourceSpans[0]!.scopeSpans[0]!.spans;
  for (const span of spans) {
    const requestId = span.attributes.find((a) => a.key === 'anthropic.request.id')!;
    requestId.value = { stringValue: `req_${randomFillSync(Buffer.alloc(REQUEST_ID_HEX / 2)).toString('hex')}` };
  }
  const bytes = encodeTraceRequestFromJson(body);
  const ids: { at: number; length: number; hex: boolean }[] = [];
  const find = (needle: Buffer, hex: boolean) => {
    const at = bytes.indexOf(needle);
    if (at < 0 || bytes.indexOf(needle, at + 1) >= 0) throw new Error('an id is not found exactly once in the encoded export');
    ids.push({ at, length: needle.length, hex });
  };
  for (const span of spans) {
    find(Buffer.from(span.traceId, 'hex'), false);
    find(Buffer.from(span.spanId, 'hex'), false);
    const requestId = String(span.attributes.find((a) => a.key === 'anthropic.request.id')!.value.stringValue);
    find(Buffer.from(requestId.slice(4), 'latin1'), true);
  }
  return { bytes, ids, times: timeOffsets(bytes), startNs };
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');

/** A copy of the template with fresh ids; with `sentAtNs`, its calls end just before it. */
export function freshExport(t: ExportTemplate, sentAtNs?: bigint): Buffer {
  const out = Buffer.from(t.bytes);
  if (sentAtNs !== undefined) shiftTimes(out, t.times, sentAtNs - TEMPLATE_SPAN_NS - t.startNs);
  const random = randomFillSync(Buffer.alloc(t.ids.reduce((n, id) => n + id.length, 0)));
  let r = 0;
  for (const id of t.ids) {
    for (let i = 0; i < id.length; i++) out[id.at + i] = id.hex ? HEX[random[r++]! & 15]! : random[r++]!;
  }
  return out;
}
