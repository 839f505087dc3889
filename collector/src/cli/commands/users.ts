import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../../auth/authStore';
import { withAdmin } from '../admin/openAdmin';
import { UsageError, type Command } from '../command';
import { readSecret } from '../readSecret';

export const usersCommand: Command = {
  name: 'users',
  summary: 'dashboard accounts (viewers and admins): create, list, disable, password',
  usage: [
    'burnrate users create --username U [--role viewer|admin]   the password is read from the terminal or stdin',
    'burnrate users list',
    'burnrate users disable --username U                        ends their sessions; a new password enables again',
    'burnrate users password --username U                       sets a new password (terminal or stdin)',
  ].join('\n'),
  run: async (args, context) => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { username: { type: 'string' }, role: { type: 'string' } } });
    const [action, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')}`);
    const { print } = context;
    const username = () => {
      if (!values.username) throw new UsageError(`users ${action} needs --username`);
      return values.username;
    };
    if (action === 'create') {
      const role = (values.role ?? 'viewer') as Role;
      if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
      const name = username();
      const password = await readSecret(`password for ${name}: `);
      await withAdmin(context, async (admin) => {
        await admin.createUser(name, role, password);
        print(`created ${role} ${name} in ${admin.where}`);
      });
    } else if (action === 'list') {
      await withAdmin(context, async (admin) => {
        const users = await admin.listUsers();
        if (users.length === 0) print('no users yet: burnrate users create --username U --role admin');
        for (const u of users) print(`${u.username.padEnd(24)} ${u.role.padEnd(6)}  ${u.disabled ? 'disabled' : 'active  '}  since ${u.createdAt}`);
      });
    } else if (action === 'disable') {
      const name = username();
      await withAdmin(context, async (admin) => {
        if (!(await admin.disableUser(name))) throw new UsageError(`no user ${name} (see users list)`);
        print(`disabled ${name} in ${admin.where}; their sessions no longer work`);
      });
    } else if (action === 'password') {
      const name = username();
      const password = await readSecret(`new password for ${name}: `);
      await withAdmin(context, async (admin) => {
        if (!(await admin.setPassword(name, password))) throw new UsageError(`no user ${name} (see users list)`);
        print(`set a new password for ${name} in ${admin.where}`);
      });
    } else {
      throw new UsageError(action ? `unknown action ${action}` : 'users: create, list, disable or password');
    }
  },
};
