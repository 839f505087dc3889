#!/usr/bin/env node
// The `burnrate` command: runs the TypeScript CLI through tsx, as `npm start` does.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// `start` keeps running; every other command ends here.
if (process.argv[2] !== 'start') process.exit(code);
