// No two folders of the sources import each other, directly or around a loop: a feature module
// depends on the shared layers below it (contract, api's HTTP edge, store, pricing…), never the
// other way. A move that brings a cycle back fails here with the imports that close it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { folderCycles, folderEdges } from './folderGraph';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('folder-level imports', () => {
  it('no-folder-cycles-in-the-sources', () => {
    const edges = folderEdges(repoRoot);
    expect(edges.length).toBeGreaterThan(50); // the sources were found and read
    const cycles = folderCycles(edges).map((rooms) => {
      const inside = new Set(rooms);
      const ties = edges.filter((e) => inside.has(e.from) && inside.has(e.to)).map((e) => e.example);
      return `${rooms.join(' <-> ')}: ${ties.join('; ')}`;
    });
    expect(cycles).toEqual([]);
  });

  it('finds-a-cycle-through-a-type-only-import-and-a-root-file', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-folders-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    try {
      write('pkg/src/app.ts', "import { route } from './feature/route';\nexport interface Module { name: string }\n");
      write('pkg/src/feature/route.ts', "import type { Module } from '../app.js';\nexport const route = (m: Module) => m.name;\n");
      write('pkg/src/store/table.ts', "export const table = 'calls';\n");
      write('pkg/src/feature/route.test.ts', "import { table } from '../store/table';\n");
      write('pkg/src/store/uses.test.ts', "import { route } from '../feature/route';\n");
      const edges = folderEdges(root, ['pkg/src']);
      expect(folderCycles(edges)).toEqual([['pkg/src/app.ts', 'pkg/src/feature']]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
