// The audit log as a collector module: its table, its retention, the recorder that sees every
// request, and its routes.
import type { CollectorModule } from '../collectorModule';
import { AUDIT_TABLE, auditTableDdl } from './auditTable';
import { auditRecorder } from './recorder';
import { auditRouter } from './routes';

export const auditModule: CollectorModule = {
  name: 'audit',
  migrations: [{ version: 500, name: 'audit log', statements: (g) => [auditTableDdl(g)] }],
  retention: [{ table: AUDIT_TABLE, timeColumn: 'toDateTime(at)', days: (config) => config.BURNRATE_AUDIT_RETENTION_DAYS }],
  middleware: ({ gateway, logger }) => auditRecorder({ gateway, warn: (message) => logger.warn(message) }),
  router: ({ gateway }) => auditRouter(gateway),
};
