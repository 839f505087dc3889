import { UsageError, type Command } from '../command';

export const pricesCommand: Command = {
  name: 'prices',
  summary: 'the price row in force per model, built-in list price or from the price file',
  usage: 'burnrate prices [--model M] [--at DATE]',
  run: async (args, { config, print }) => {
    const { pricesCommand: showPrices, PricesUsageError } = await import('../prices');
    try {
      showPrices(config, args, print);
    } catch (error) {
      throw error instanceof PricesUsageError ? new UsageError(error.message) : error;
    }
  },
};
