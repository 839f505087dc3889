// The engine allocator's configuration: ours unless the user set one, in place before the engine
// loads (the embedded gateway sets it before its import).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { removeTestDir } from '../../../test/support/removeTestDir';
import { configureEngineAllocator, ENGINE_MALLOC_CONF } from './engineAllocator';
import { openGateway } from './gateway';

it("returns freed pages within 100 ms unless the user configured the engine's allocator", () => {
  const unset: NodeJS.ProcessEnv = {};
  expect(configureEngineAllocator(unset)).toBe(ENGINE_MALLOC_CONF);
  expect(unset.JE_MALLOC_CONF).toBe('dirty_decay_ms:100');
  const user: NodeJS.ProcessEnv = { JE_MALLOC_CONF: 'dirty_decay_ms:5000,narenas:2' };
  expect(configureEngineAllocator(user)).toBe('dirty_decay_ms:5000,narenas:2');
  expect(user.JE_MALLOC_CONF).toBe('dirty_decay_ms:5000,narenas:2');
});

it('opening the embedded store sets it, before it imports the engine', async () => {
  delete process.env.JE_MALLOC_CONF;
  const dir = mkdtempSync(join(tmpdir(), 'burnrate-allocator-'));
  const store = await openGateway({ kind: 'embedded', dataDir: dir, database: 'allocator_test' });
  expect(process.env.JE_MALLOC_CONF).toBe(ENGINE_MALLOC_CONF);
  await store.close();
  removeTestDir(dir);
});
