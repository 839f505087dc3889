import { parseArgs } from 'node:util';
import { KEY_SCOPES, type KeyScope } from '../../auth/authStore';
import { withAdmin } from '../admin/openAdmin';
import { UsageError, type Command } from '../command';

export const keysCommand: Command = {
  name: 'keys',
  summary: 'ingest and metrics keys: create, list, rotate, revoke',
  usage: [
    'burnrate keys create --name N [--project P] [--scope ingest|metrics] [--expires-in-days D]',
    'burnrate keys list',
    'burnrate keys rotate <id> [--overlap-hours H (default 24)] [--expires-in-days D]',
    'burnrate keys revoke <id>',
  ].join('\n'),
  run: async (args, context) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        project: { type: 'string' },
        scope: { type: 'string' },
        'expires-in-days': { type: 'string' },
        'overlap-hours': { type: 'string' },
      },
    });
    const number = (flag: 'expires-in-days' | 'overlap-hours', min: number, max: number): number | undefined => {
      const text = values[flag];
      if (text === undefined) return undefined;
      const n = Number(text);
      if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${flag} must be a number from ${min} to ${max}`);
      return n;
    };
    const expiresInDays = number('expires-in-days', 1, 3650);
    const [action, id, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')}`);
    const { print } = context;
    if (action === 'create') {
      if (!values.name) throw new UsageError('keys create needs --name');
      const scope = (values.scope ?? 'ingest') as KeyScope;
      if (!KEY_SCOPES.includes(scope)) throw new UsageError(`--scope must be one of ${KEY_SCOPES.join(', ')}`);
      await withAdmin(context, async (admin) => {
        const { key, record } = await admin.createKey({
          name: values.name!,
          project: values.project ?? '',
          scope,
          ...(expiresInDays ? { expiresInDays: Math.round(expiresInDays) } : {}),
        });
        print(
          `created key ${record.id} (${record.scope}${record.project ? `, project ${record.project}` : ''}${record.expiresAt ? `, expires ${record.expiresAt} UTC` : ''}) in ${admin.where}`,
        );
        print(`  ${key}`);
        print('  This is the only time the key is shown; only its hash is stored.');
      });
    } else if (action === 'list') {
      await withAdmin(context, async (admin) => {
        const keys = await admin.listKeys();
        if (keys.length === 0) print('no keys yet: burnrate keys create --name N');
        for (const k of keys) {
          const state = k.revokedAt ? `revoked ${k.revokedAt}` : k.expiresAt ? `expires ${k.expiresAt}` : 'active';
          print(`${k.id}  ${k.scope.padEnd(7)}  ${(k.project || '-').padEnd(16)}  ${state}  ${k.name}`);
        }
      });
    } else if (action === 'rotate') {
      if (!id) throw new UsageError('keys rotate needs the key id (see keys list)');
      const overlap = number('overlap-hours', 0, 720) ?? 24;
      await withAdmin(context, async (admin) => {
        const rotated = await admin.rotateKey(id, overlap, expiresInDays === undefined ? undefined : Math.round(expiresInDays));
        if (!rotated) throw new UsageError(`no live key with id ${id} (unknown, revoked or expired)`);
        print(`rotated ${id} → ${rotated.record.id} in ${admin.where}; the old key works until ${rotated.oldExpiresAt} UTC`);
        print(`  ${rotated.key}`);
        print('  This is the only time the new key is shown; only its hash is stored.');
      });
    } else if (action === 'revoke') {
      if (!id) throw new UsageError('keys revoke needs the key id (see keys list)');
      await withAdmin(context, async (admin) => {
        if (!(await admin.revokeKey(id))) throw new UsageError(`no key with id ${id}`);
        print(`revoked ${id} in ${admin.where}; a collector sharing a ClickHouse server drops it within 10 s`);
      });
    } else {
      throw new UsageError(action ? `unknown action ${action}` : 'keys: create, list, rotate or revoke');
    }
  },
};
