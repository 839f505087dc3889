// The app's own route table (collector/src/auth/routeTable.ts) and sample paths for its patterns.
export { listRoutes, type RouteInfo } from '../../collector/src/auth/routeTable';

/** A concrete path for a route pattern (":id" → a sample value). */
export function samplePath(pattern: string): string {
  return pattern.replace(/:(\w+)/g, (_m, name: string) => `sample-${name}`);
}
