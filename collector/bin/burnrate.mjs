#!/usr/bin/env node
// The `burnrate` command: the compiled CLI (npm run build --workspace collector makes dist/).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('burnrate: the CLI is not built (dist/cli.js is missing); in a checkout, run: npm run build --workspace collector');
  process.exit(1);
}
await import(cli.href);
