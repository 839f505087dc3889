// `burnrate prices` and `burnrate reprice` as a user runs them (the CLI in its own process, a real store).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { closedPort, runCli } from '../support/cli';
import { postTraces, startCollector } from '../support/collector';
import { syntheticExport } from '../support/syntheticSpans';
import { GenAi } from '../../collector/src/semconv';
import { removeTestDir } from '../support/removeTestDir';

const dir = mkdtempSync(join(tmpdir(), 'burnrate-prices-cli-'));
const dataDir = join(dir, 'data');
afterAll(() => removeTestDir(dir));

const priceFile = join(dir, 'prices.json');
writeFileSync(
  priceFile,
  JSON.stringify({
    prices: [
      { model: 'claude-opus-4-7', from: '2026-01-01', usdPerMTok: { input: 4, output: 20, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.4 } },
      { model: 'claude-sonnet-4-6', from: '2026-11-01', usdPerMTok: { input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 } },
    ],
  }),
);

// No collector listens on the port the CLI would ask, so it works on the store itself.
async function burnrate(args: string[], env: Record<string, string> = {}) {
  return runCli(args, { BURNRATE_DATA_DIR: dataDir, BURNRATE_PORT: String(await closedPort()), ...env });
}

it("prices: the row in force after a later default row is the file's, and says so", async () => {
  const out = await burnrate(['prices', '--model', 'us.anthropic.claude-opus-4-7-v1', '--at', '2026-11-20'], { BURNRATE_PRICING_FILE: priceFile });
  expect(out.code).toBe(0);
  expect(out.stdout).toMatch(/^claude-opus-4-7\s+file\s+from 2026-01-01\s+in 4 out 20 write5m 5 write1h 8 read 0\.4 /m);
  const list = await burnrate(['prices', '--model', 'claude-opus-4-7', '--at', '2026-11-20']);
  expect(list.stdout).toMatch(/^claude-opus-4-7\s+default\s+from 2026-04-16\s+in 5 out 25 /m);
  // 3.5 Haiku at its launch price, then after the cut.
  expect((await burnrate(['prices', '--model', 'claude-3-5-haiku', '--at', '2024-11-20'])).stdout).toMatch(
    /claude-3-5-haiku\s+default\s+from 2024-11-04\s+in 1 out 5 /,
  );
  expect((await burnrate(['prices', '--model', 'claude-3-5-haiku', '--at', '2025-01-20'])).stdout).toMatch(
    /claude-3-5-haiku\s+default\s+from 2024-12-02\s+in 0\.8 out 4 /,
  );
  const unknown = await burnrate(['prices', '--model', 'claude-imaginary-9']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('no price for claude-imaginary-9');
});

it("reprice: recomputes a stored call with the file's price, reports it by day and model, then finds nothing to do", async () => {
  const collector = await startCollector({}, [], { dataDir, keepData: true });
  // One Sonnet 4.6 call: 200 uncached in, 50 out, 4096 cache reads, 1024 5-minute writes.
  const otlp = syntheticExport(1, 0, BigInt(Date.parse('2026-11-21T12:00:00Z')) * 1_000_000n, 'cli-app');
  for (const a of otlp.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes) {
    if (a.key === GenAi.responseModel || a.key === GenAi.requestModel) a.value = { stringValue: 'claude-sonnet-4-6' };
  }
  expect((await postTraces(collector.url, JSON.stringify(otlp), { 'content-type': 'application/json' })).status).toBe(200);
  await collector.stop();
  const range = ['--from', '2026-11-01T00:00:00Z', '--to', '2026-12-01T00:00:00Z'];
  // List: 200·3000 + 50·15,000 + 4096·300 + 1024·3750 = 6,418,800 n$;
  // file: 200·2000 + 50·10,000 + 4096·200 + 1024·2500 = 4,279,200 n$.
  const dry = await burnrate(['reprice', ...range, '--dry-run'], { BURNRATE_PRICING_FILE: priceFile });
  expect(dry.stdout).toContain('would change 1 of 1 calls');
  const first = await burnrate(['reprice', ...range], { BURNRATE_PRICING_FILE: priceFile });
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).toMatch(/2026-11-21\s+claude-sonnet-4-6\s+1 calls\s+\$0\.0064188 → \$0\.0042792 \(-\$0\.0021396\)/);
  expect(first.stdout).toContain('changed 1 of 1 calls');
  const csv = await burnrate(['export', ...range, '--format', 'jsonl']);
  expect(csv.stdout).toContain('"cost_usd":"0.0042792"');
  expect((await burnrate(['reprice', ...range], { BURNRATE_PRICING_FILE: priceFile })).stdout).toContain('changed 0 of 1 calls');
});
