// Lookups by a batch's ids (the writer's same-call and stored-attempt checks).
// - A ClickHouse server carries parameters in the URI and refuses one over 1 MiB (max_uri_size);
//   chDB 3.4 took 0.8 s to parse 25,000 call keys (~0.9 MB of parameter text) and 107 s for 28,000.
//   So a server gets the ids as array parameters, in runs of at most a quarter of that, with room
//   for URL encoding.
// - Runs cost a scan each: every run reads the same hours again. The embedded engine reads the ids
//   from Native files instead, the whole batch in one statement: 100,000 calls against 8 million
//   started within minutes (what memory of recent calls sends when it runs out under sustained
//   load) took 15 s in 36 runs and 1.3 s from files (scratch measure, chDB 3.4).
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Gateway } from './gateway';
import { nativeBlock, type NativeColumn } from './nativeBlock';

/** Parameter text one lookup may send. */
export const LOOKUP_PARAM_CHARS = 256 * 1024;

/** The items in runs whose parameter text (`charsOf` each, quotes and commas included) stays within the budget. */
export function* lookupChunks<T>(items: readonly T[], charsOf: (item: T) => number, budget = LOOKUP_PARAM_CHARS): Generator<T[]> {
  let chunk: T[] = [];
  let chars = 0;
  for (const item of items) {
    const size = charsOf(item);
    if (chunk.length > 0 && chars + size > budget) {
      yield chunk;
      chunk = [];
      chars = 0;
    }
    chunk.push(item);
    chars += size;
  }
  if (chunk.length > 0) yield chunk;
}

/** An id's text in an Array(String) parameter: the id, its quotes and a comma. */
export const idChars = (id: string): number => (id === '' ? 0 : id.length + 3);

/** How a lookup names a list of ids: `column IN ${ids.in(name)}`, sending `ids.params`; `size(name)`: how many ids it has. */
export interface IdLists {
  in(name: string): string;
  size(name: string): number;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface IdLookup<T, R> {
  /** Each item's parameter text (idChars of its ids): what a run of array parameters may hold. */
  charsOf: (item: T) => number;
  /** The lists of ids a run of items is looked up by, by parameter name. */
  idsOf: (run: readonly T[]) => Record<string, readonly string[]>;
  /** One statement over a run of items. */
  lookup: (run: readonly T[], ids: IdLists) => Promise<readonly R[]>;
}

const ID_COLUMN: readonly NativeColumn<string>[] = [{ name: 'id', type: 'String', value: (id) => id }];

/** The lists as a statement names them (`inOf`), sending `params` (the ids, or their files' paths). */
function idLists(lists: Record<string, readonly string[]>, inOf: (name: string) => string, params: Readonly<Record<string, unknown>>): IdLists {
  return { in: inOf, size: (name) => lists[name]?.length ?? 0, params };
}

/** Looks the items up: in one statement from id files on the embedded engine, in runs of array parameters on a server. */
export async function lookupByIds<T, R>(gateway: Gateway, items: readonly T[], how: IdLookup<T, R>): Promise<readonly R[]> {
  if (items.length === 0) return [];
  if (gateway.blockDir) return lookupFromFiles(gateway.blockDir, items, how);
  const found: R[] = [];
  for (const run of lookupChunks(items, how.charsOf)) {
    const lists = how.idsOf(run);
    for (const row of await how.lookup(
      run,
      idLists(lists, (name) => `{${name}:Array(String)}`, lists),
    ))
      found.push(row);
  }
  return found;
}

async function lookupFromFiles<T, R>(dir: string, items: readonly T[], how: IdLookup<T, R>): Promise<readonly R[]> {
  const lists = how.idsOf(items);
  const paths: Record<string, string> = {};
  try {
    for (const [name, list] of Object.entries(lists)) {
      const path = join(dir, `lookup-${randomUUID()}.${name}.native`);
      paths[name] = path;
      await writeFile(path, nativeBlock(ID_COLUMN, list));
    }
    return await how.lookup(
      items,
      idLists(lists, (name) => `(SELECT id FROM file({${name}:String}, 'Native'))`, paths),
    );
  } finally {
    await Promise.all(Object.values(paths).map((path) => rm(path, { force: true })));
  }
}
