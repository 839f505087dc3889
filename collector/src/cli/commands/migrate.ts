import type { Command } from '../command';
import { withStore } from '../withStore';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply schema migrations and exit (a collector also applies them at start)',
  usage: 'burnrate migrate',
  run: async (_args, { config, print }) => {
    await withStore(config, async () => print('schema is up to date'));
  },
};
