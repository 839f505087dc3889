import type { Command } from '../command';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply schema migrations and exit (a collector also applies them at start)',
  usage: 'burnrate migrate',
  run: async (_args, { config, print }) => {
    await (await import('../withStore')).withStore(config, async () => print('schema is up to date'));
  },
};
