// Every route registered on an Express app, nested routers included, read from the router's own
// table: the boot-time access check and the route-walk tests enumerate from here, never from a
// hand-written list.
import type { Express } from 'express';
import { declaredAccess, type Access } from './policy';

export interface RouteInfo {
  method: string;
  path: string;
  /** What the route's first handler declares; undefined = nothing (refused at boot). */
  access: Access | undefined;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean>; stack: { handle: unknown }[] };
  handle?: { stack?: Layer[] };
}

function walk(stack: Layer[], out: RouteInfo[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      const access = declaredAccess(layer.route.stack[0]?.handle);
      for (const path of paths) for (const method of Object.keys(layer.route.methods)) out.push({ method: method.toUpperCase(), path, access });
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

/** Refuses to serve an app with a route that does not say who may call it. */
export function assertEveryRouteDeclaresAccess(app: Express): void {
  const undeclared = listRoutes(app).filter((r) => r.access === undefined);
  if (undeclared.length > 0) {
    throw new Error(
      `burnrate: these routes do not declare who may call them (add allow(...) as their first handler): ${undeclared.map((r) => `${r.method} ${r.path}`).join(', ')}`,
    );
  }
}
