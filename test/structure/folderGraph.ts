// Folder-level import graph of the workspaces' sources, read from disk. A "room" is a package's
// src/ plus its first folder (collector/src/alerts); a file directly in src/ is a room of its own
// (collector/src/app.ts). Two rooms importing each other, however indirectly, is a cycle: neither
// can be understood, tested or moved without the other. Tests and test helpers are left out: they
// may reach anywhere.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const SOURCE_ROOTS = ['contract/src', 'collector/src', 'sdk-hook/src', 'dashboard/src'];
const SOURCE_FILE = /\.(ts|tsx|mts)$/;
const TEST_FILE = /\.(test|spec|bench)\.[cm]?tsx?$|(^|\/)(testing|__tests__|test-support)\//;
const RESOLVE_SUFFIXES = ['', '.ts', '.tsx', '.mts', '/index.ts', '/index.tsx'];

export interface FolderEdge {
  from: string;
  to: string;
  /** One file-level import that makes the edge, for the failure message. */
  example: string;
}

function sourceFiles(root: string, dir: string): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(root, rel);
    return SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts') && !TEST_FILE.test(rel) ? [rel] : [];
  });
}

export function roomOf(file: string): string {
  const match = /^(.*?\/src)\/([^/]+)/.exec(file);
  return match ? `${match[1]}/${match[2]}` : path.posix.dirname(file);
}

function resolveImport(root: string, from: string, specifier: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)).replace(/\.js$/, '');
  return RESOLVE_SUFFIXES.map((suffix) => base + suffix).find(
    (candidate) => fs.existsSync(path.join(root, candidate)) && fs.statSync(path.join(root, candidate)).isFile(),
  );
}

/** Every edge between two different rooms, from relative imports (type-only and dynamic ones included). */
export function folderEdges(root: string, roots: readonly string[] = SOURCE_ROOTS): FolderEdge[] {
  const edges = new Map<string, FolderEdge>();
  for (const file of roots.flatMap((dir) => sourceFiles(root, dir))) {
    const imports = ts.preProcessFile(fs.readFileSync(path.join(root, file), 'utf8'), true, true).importedFiles;
    for (const { fileName } of imports) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveImport(root, file, fileName);
      if (!target || TEST_FILE.test(target)) continue;
      const [from, to] = [roomOf(file), roomOf(target)];
      if (from !== to && !edges.has(`${from}>${to}`)) edges.set(`${from}>${to}`, { from, to, example: `${file} -> ${target}` });
    }
  }
  return [...edges.values()];
}

/** Groups of rooms that reach each other (strongly connected components of more than one room), by Tarjan's algorithm. */
export function folderCycles(edges: readonly FolderEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (room: string) => {
    index.set(room, index.size);
    low.set(room, index.get(room)!);
    stack.push(room);
    onStack.add(room);
    for (const to of next.get(room) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(room, Math.min(low.get(room)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(room, Math.min(low.get(room)!, index.get(to)!));
    }
    if (low.get(room) !== index.get(room)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== room);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const room of new Set(edges.flatMap(({ from, to }) => [from, to]))) if (!index.has(room)) visit(room);
  return cycles;
}
