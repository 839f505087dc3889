// Every limit that can stop a team's calls: refusals by class, caps and limits in force, spend
// limits as data with their month, unified usage windows. Migrations 700–709. The alerts on them
// (spend limit thresholds and refusals, usage windows) are conditions of the alerts module.
import type { CollectorModule } from '../collectorModule';
import { LIMITS_MIGRATIONS } from './migrations';
import { limitsRouter } from './routes';

export function limitsModule(options: { now?: () => Date } = {}): CollectorModule {
  return {
    name: 'limits',
    migrations: LIMITS_MIGRATIONS,
    router: ({ gateway, config }) => limitsRouter({ gateway, limitsFile: config.BURNRATE_SPEND_LIMITS_FILE, now: options.now ?? (() => new Date()) }),
  };
}
