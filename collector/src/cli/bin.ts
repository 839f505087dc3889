// The `burnrate` executable's entry (compiled to dist/cli.js; bin/burnrate.mjs loads it).
import { findCommand, main } from './main';

const argv = process.argv.slice(2);
const code = await main(argv);
// `start` keeps serving once run() returns; every other command ends here, even if a client
// library left a socket or timer open.
if (code !== 0 || !findCommand(argv[0])?.keepsRunning) process.exit(code);
