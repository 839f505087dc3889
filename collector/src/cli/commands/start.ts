import type { Command } from '../command';

export const startCommand: Command = {
  name: 'start',
  summary: 'run the collector (settings from the environment or burnrate.config.json)',
  usage: 'burnrate start',
  keepsRunning: true,
  run: async () => {
    await import('../../main');
  },
};
