// Lookups by a batch's ids (the writer's same-call and stored-attempt checks) send the ids as
// array parameters. chDB 3.4 took 0.8 s to look up 25,000 call keys (~0.9 MB of parameter text)
// in a million calls, and 107 s for 28,000 (~1 MB), at 200% CPU, holding every other statement
// behind it (a replay, or memory overflowing, asks for 100,000). A ClickHouse server carries
// parameters in the URI and refuses one over 1 MiB (max_uri_size). So a large batch is looked up
// in runs of at most a quarter of that, with room for URL encoding.

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
