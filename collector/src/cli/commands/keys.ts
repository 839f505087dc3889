import { parseArgs } from 'node:util';
import { KEY_SCOPES, type KeyScope } from '../../auth/authStore';
import { withAdmin } from '../admin/openAdmin';
import { UsageError, type Command } from '../command';

export const keysCommand: Command = {
  name: 'keys',
  summary: 'ingest and metrics keys: create, list, revoke',
  usage: [
    'burnrate keys create --name N [--project P] [--scope ingest|metrics]',
    'burnrate keys list',
    'burnrate keys revoke <id>',
  ].join('\n'),
  run: async (args, context) => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' }, project: { type: 'string' }, scope: { type: 'string' } } });
    const [action, id, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')}`);
    const { print } = context;
    if (action === 'create') {
      if (!values.name) throw new UsageError('keys create needs --name');
      const scope = (values.scope ?? 'ingest') as KeyScope;
      if (!KEY_SCOPES.includes(scope)) throw new UsageError(`--scope must be one of ${KEY_SCOPES.join(', ')}`);
      await withAdmin(context, async (admin) => {
        const { key, record } = await admin.createKey({ name: values.name!, project: values.project ?? '', scope });
        print(`created key ${record.id} (${record.scope}${record.project ? `, project ${record.project}` : ''}) in ${admin.where}`);
        print(`  ${key}`);
        print('  This is the only time the key is shown; only its hash is stored.');
      });
    } else if (action === 'list') {
      await withAdmin(context, async (admin) => {
        const keys = await admin.listKeys();
        if (keys.length === 0) print('no keys yet: burnrate keys create --name N');
        for (const k of keys) print(`${k.id}  ${k.scope.padEnd(7)}  ${(k.project || '-').padEnd(16)}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.name}`);
      });
    } else if (action === 'revoke') {
      if (!id) throw new UsageError('keys revoke needs the key id (see keys list)');
      await withAdmin(context, async (admin) => {
        if (!(await admin.revokeKey(id))) throw new UsageError(`no key with id ${id}`);
        print(`revoked ${id} in ${admin.where}; a collector sharing a ClickHouse server drops it within 10 s`);
      });
    } else {
      throw new UsageError(action ? `unknown action ${action}` : 'keys: create, list or revoke');
    }
  },
};
