// Where the built dashboard is. The published package carries it beside the compiled collector
// (dist/dashboard); a checkout run from source serves the workspace's dashboard/dist.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CANDIDATES = [
  new URL('./dashboard', import.meta.url), // dist/dashboard, next to the bundled chunks
  new URL('../../dashboard/dist', import.meta.url), // collector/src/ → the workspace's build
];

export function dashboardDir(): string | undefined {
  return CANDIDATES.map((url) => fileURLToPath(url)).find((dir) => existsSync(`${dir}/index.html`));
}
