// The bill: prices in force and their source, the cost lines of a range.
import type { CollectorModule } from '../collectorModule';
import { billingRouter } from './routes';

export const billingModule: CollectorModule = {
  name: 'billing',
  migrations: [],
  router: ({ gateway, prices }) => billingRouter(gateway, prices),
};
