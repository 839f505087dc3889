#!/usr/bin/env node
// The `burnrate` command: runs the TypeScript CLI through tsx, as `npm start` does.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// `start` and `demo` keep serving; every other command ends here.
if (!['start', 'demo'].includes(process.argv[2])) process.exit(code);
