import { collectorAnswers, collectorUrl } from '../admin/collectorUrl';
import { UsageError, type Command } from '../command';

export const repriceCommand: Command = {
  name: 'reprice',
  summary: "recompute stored costs of a range with today's prices, rollups included (reads the store directly)",
  usage: 'burnrate reprice --from ISO --to ISO [--model M] [--dry-run]',
  run: async (args, { config, print }) => {
    // The embedded store allows one process: a running collector holds it, and has the same
    // operation as POST /api/v1/admin/reprice.
    const { url } = collectorUrl(config);
    if (!config.CLICKHOUSE_URL && (await collectorAnswers(url))) {
      throw new Error(`a collector is running at ${url} on the embedded store: stop it first, or ask it with POST ${url}/api/v1/admin/reprice as an admin`);
    }
    const [{ withStore }, { repriceCommand: reprice, RepriceUsageError }] = await Promise.all([import('../withStore'), import('../reprice')]);
    try {
      await reprice(config, args, (work) => withStore(config, work), print);
    } catch (error) {
      throw error instanceof RepriceUsageError ? new UsageError(error.message) : error;
    }
  },
};
