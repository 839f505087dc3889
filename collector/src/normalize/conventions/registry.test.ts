// The conventions' folders on disk, the registry and the captures in test/fixtures agree: adding an
// adapter is a folder and one registry line, and no folder or capture is left unregistered.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { conformanceSuites, fixtureNames } from '../../../../test/support/fixtures';
import { CONVENTIONS } from './registry';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const folders = readdirSync(HERE, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const claimed = CONVENTIONS.flatMap((c) => c.captures);

describe('normalizer conventions', () => {
  it('one registry entry per folder, and one folder per entry', () => {
    expect(CONVENTIONS.map((c) => c.folder).sort()).toEqual(folders);
  });

  it.each(folders)('%s has its adapter and its test', (folder) => {
    expect(existsSync(join(HERE, folder, 'adapter.ts'))).toBe(true);
    expect(existsSync(join(HERE, folder, `${folder}.test.ts`))).toBe(true);
  });

  it('each instrumentation name and capture name belongs to one convention', () => {
    expect(new Set(CONVENTIONS.map((c) => c.instrumentation)).size).toBe(CONVENTIONS.length);
    expect(new Set(claimed).size).toBe(claimed.length);
  });

  it('every conformance capture is one registered convention, or several stacked with "+"', () => {
    for (const suite of conformanceSuites()) for (const part of suite.split('+')) expect(claimed, suite).toContain(part);
  });

  it('every corpus fixture is named after a registered convention', () => {
    for (const name of fixtureNames())
      expect(
        claimed.some((capture) => name.startsWith(`${capture}-`)),
        name,
      ).toBe(true);
  });

  it('every capture a convention claims exists', () => {
    const present = new Set([...conformanceSuites().flatMap((s) => s.split('+')), ...fixtureNames().map((n) => claimed.find((c) => n.startsWith(`${c}-`)))]);
    for (const capture of claimed) expect(present.has(capture), capture).toBe(true);
  });
});
