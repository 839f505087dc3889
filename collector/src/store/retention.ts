// Retention: a TTL per table, from config, applied at every start so a changed setting takes
// effect. Raw calls and attempts follow BURNRATE_RETENTION_DAYS; rollups follow their own
// setting, so a year of hourly totals can outlive a month of raw calls. 0 keeps forever.
import { z } from 'zod';
import type { Gateway } from './gateway';
import { onCluster } from './engines';

export interface RetentionTarget {
  table: string;
  /** The DateTime expression the TTL counts from. */
  timeExpression: string;
  days: number;
}

const engineRow = z.object({ engine_full: z.string() });

/** The TTL clause as ClickHouse prints it back in system.tables, to skip a no-op ALTER. */
function printedTtl(target: RetentionTarget): string {
  return `TTL ${target.timeExpression} + toIntervalDay(${target.days})`;
}

export async function applyRetention(gateway: Gateway, targets: RetentionTarget[]): Promise<string[]> {
  const changed: string[] = [];
  for (const target of targets) {
    const local = gateway.localTable(target.table);
    const name = local.split('.').pop()!.replaceAll('`', '');
    const [row] = await gateway.query('retention-read', `SELECT engine_full FROM system.tables WHERE database = {db:String} AND name = {name:String}`, {
      db: gateway.database,
      name,
    });
    if (!row) continue; // a module that is not installed
    const engine = engineRow.parse(row).engine_full;
    const hasTtl = / TTL /.test(engine);
    if (target.days === 0) {
      if (!hasTtl) continue;
      await gateway.command('retention-remove', `ALTER TABLE ${local}${onCluster(gateway)} REMOVE TTL`);
    } else {
      if (engine.includes(printedTtl(target))) continue;
      // Dropping whole expired parts is cheap; rewriting parts to drop single rows is not needed.
      await gateway.command(
        'retention-modify',
        `ALTER TABLE ${local}${onCluster(gateway)} MODIFY TTL ${target.timeExpression} + INTERVAL ${Math.trunc(target.days)} DAY`,
      );
    }
    changed.push(target.table);
  }
  return changed;
}
