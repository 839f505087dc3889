// Every route registered on an Express app (nested routers included), for tests that must
// cover all of them, including routes added later by any module.
import type { Express } from 'express';

export interface RouteInfo {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function walk(stack: Layer[], out: RouteInfo[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths) for (const method of Object.keys(layer.route.methods)) out.push({ method: method.toUpperCase(), path });
    } else if (layer.handle?.stack) {
      walk(layer.handle.stack, out);
    }
  }
}

export function listRoutes(app: Express): RouteInfo[] {
  const out: RouteInfo[] = [];
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, out);
  return out;
}

/** A concrete path for a route pattern (":id" → a sample value). */
export function samplePath(pattern: string): string {
  return pattern.replace(/:(\w+)/g, (_m, name: string) => `sample-${name}`);
}
