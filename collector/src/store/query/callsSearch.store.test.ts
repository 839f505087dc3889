// The search's own plan (no FINAL, LowCardinality labels, one indexed query per id column)
// answers exactly as the plain FINAL query does, on a real store that holds corrected calls: a
// call whose merged version moved it into the search, and one whose merged version moved it out.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../../../test/support/collector';
import { sendCalls } from '../../../../test/demo/otlp';
import { callsOfDay } from '../../../../test/demo/traffic';
import { queryModule } from '../../query';
import { CALLS_TABLE } from '../callsTable';
import type { Gateway } from '../gateway';
import { listCalls, type CallsListRequest } from './callsList';
import { searchCallsByTime } from './callsSearch';
import { removeTestDir } from '../../../../test/support/removeTestDir';
import { correctStoredCall } from '../../../../test/support/correctedCall';

const now = new Date(Date.UTC(2026, 10, 21, 16, 42, 30));
let running: RunningCollector;
let gateway: Gateway;
let movedFrom: string;

const correct = (traceId: string, changes: Record<string, unknown>) => correctStoredCall(gateway, traceId, changes);

beforeAll(async () => {
  running = await startCollector({}, [queryModule]);
  gateway = running.collector.gateway;
  const calls = callsOfDay({ days: 1, now, callsPerDay: 400 }, 0).filter((c) => c.startMs + c.durationMs < now.getTime());
  await sendCalls(running.url, calls, 2000, 2);
  const rows = await gateway.query<{ trace_id: string }>('t', `SELECT trace_id FROM ${gateway.table(CALLS_TABLE)} ORDER BY start_time DESC LIMIT 3`);
  await correct(rows[0]!.trace_id, { team: 'zebra-squad' }); // moved into a search for "zebra"
  [{ user: movedFrom }] = (await gateway.query<{ user: string }>('t', `SELECT user FROM ${gateway.table(CALLS_TABLE)} WHERE trace_id = {t:String}`, {
    t: rows[1]!.trace_id,
  })) as [{ user: string }];
  await correct(rows[1]!.trace_id, { user: 'moved-away' }); // moved out of a search for its old user
  await correct(rows[2]!.trace_id, { feature: 'zebra-feature', user: 'zebra-user' }); // two labels match
}, 120_000);
afterAll(async () => {
  await running?.stop();
  if (running) removeTestDir(running.dataDir);
});

it('finds what the plain query finds, page by page, for labels, ids and nothing', async () => {
  const [sample] = await gateway.query<{ trace_id: string; span_id: string; request_id: string; user: string }>(
    't',
    `SELECT trace_id, span_id, request_id, user FROM ${gateway.table(CALLS_TABLE)} WHERE request_id != '' AND user != '' ORDER BY start_time LIMIT 1`,
  );
  const queries = [
    'zebra',
    'ZEBRA',
    sample!.user,
    sample!.user.slice(0, 3),
    sample!.trace_id.toUpperCase(),
    sample!.span_id,
    sample!.request_id,
    'nothing-like-this',
    'e',
  ];
  let compared = 0;
  for (const q of queries) {
    for (const order of ['desc', 'asc'] as const) {
      for (const [offset, limit] of [
        [0, 20],
        [7, 50],
        [0, 500],
      ] as const) {
        const request: CallsListRequest = { from: new Date(now.getTime() - 86_400_000), to: now, filters: {}, q, sort: 'time', order, offset, limit };
        const plain = await listCalls(gateway, request, true);
        const searched = await searchCallsByTime(gateway, { ...request, q });
        expect(searched!.total, `${q} ${order} ${offset}`).toBe(plain.total);
        expect(searched!.rows, `${q} ${order} ${offset}`).toEqual(plain.rows);
        compared += plain.rows.length;
      }
    }
  }
  expect(compared).toBeGreaterThan(500);
  const zebra = await searchCallsByTime(gateway, {
    from: new Date(now.getTime() - 86_400_000),
    to: now,
    filters: {},
    q: 'zebra',
    sort: 'time',
    order: 'desc',
    offset: 0,
    limit: 10,
  });
  expect(zebra!.total).toBe(2);
  const filtered = {
    from: new Date(now.getTime() - 86_400_000),
    to: now,
    filters: { status: ['error' as const] },
    q: 'e',
    sort: 'time' as const,
    order: 'desc' as const,
    offset: 3,
    limit: 40,
  };
  expect(await searchCallsByTime(gateway, filtered)).toEqual(await listCalls(gateway, filtered, true));
});

it('counts a label found in one column only from the rollups, reads that column alone, and skips the page when nothing matches', async () => {
  const tags: string[] = [];
  const spied = new Proxy(gateway, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (property === 'query') {
        return (tag: string, ...rest: unknown[]) => {
          tags.push(tag);
          return (value as (...args: unknown[]) => unknown).call(target, tag, ...rest);
        };
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const search = async (q: string) => {
    tags.length = 0;
    const request: CallsListRequest = {
      from: new Date(now.getTime() - 86_400_000),
      to: now,
      filters: {},
      q,
      sort: 'time',
      order: 'desc',
      offset: 0,
      limit: 50,
    };
    const searched = await searchCallsByTime(spied, { ...request, q });
    expect(searched, q).toEqual(await listCalls(gateway, request, true));
    return { searched: searched!, tags: [...tags] };
  };
  // Only users hold "moved-away" (the corrected call's new user) and its old user's name.
  for (const q of ['moved-away', 'MOVED-away', movedFrom]) {
    const { searched, tags: used } = await search(q);
    if (q !== movedFrom) expect(searched.total, q).toBe(1);
    expect(used, q).toContain('calls-search-count-rollups');
    expect(used, q).not.toContain('calls-search-count');
  }
  // In a team, a feature and a user: a call may match twice, so the raw rows are counted.
  expect((await search('zebra')).tags).toContain('calls-search-count');
  const none = await search('nothing-like-this');
  expect(none.searched.total).toBe(0);
  expect(none.tags).not.toContain('calls-search-page');
  expect(none.tags).not.toContain('calls-search-count');
});
