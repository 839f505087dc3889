// How a scenario's OTLP exports become one fixture file, for the captures and the hand-made
// Python exports alike.
import type { Export } from './otlpSink';

export const PROTOCOLS = { json: 'json', protobuf: 'pb' } as const;
export type Protocol = keyof typeof PROTOCOLS;

/** One scenario's exports as one file: several exports' resourceSpans joined (JSON) or concatenated (protobuf). */
export function joined(exports: Export[], protocol: Protocol): Buffer {
  if (exports.length === 0) throw new Error('a scenario produced no export');
  if (protocol === 'protobuf') return Buffer.concat(exports.map((e) => e.body)); // repeated fields concatenate in protobuf
  const resourceSpans = exports.flatMap((e) => JSON.parse(e.body.toString('utf8')).resourceSpans ?? []);
  return Buffer.from(JSON.stringify({ resourceSpans }));
}
