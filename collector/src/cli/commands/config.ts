import { describeConfig } from '../../config';
import { UsageError, type Command } from '../command';

export const configCommand: Command = {
  name: 'config',
  summary: 'config check: every setting in force and where it came from',
  usage: 'burnrate config check',
  run: async (args, { config, sources, print }) => {
    if (args[0] !== 'check' || args.length > 1) throw new UsageError('config: check');
    for (const { name, value, source } of describeConfig(config, sources)) print(`${name.padEnd(34)} ${value.padEnd(28)} ${source}`);
    print('configuration is valid');
  },
};
