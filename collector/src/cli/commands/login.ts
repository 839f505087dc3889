// Signing the CLI in to a collector with auth on: the same sign-in as the dashboard's, so the
// CLI acts as a person (an admin, to change keys and users) and the session expires or can be
// ended like any other. With auth off (loopback only) no sign-in is needed.
import { parseArgs } from 'node:util';
import { SESSION_COOKIE } from '../../auth/middleware';
import { collectorAnswers, collectorUrl } from '../admin/collectorUrl';
import { apiCaller } from '../admin/httpAdmin';
import { saveSession, savedSession, sessionFilePath } from '../admin/sessionFile';
import { UsageError, type CliContext, type Command } from '../command';
import { readLine, readSecret } from '../readSecret';

async function runningCollector(context: CliContext): Promise<string> {
  const { url } = collectorUrl(context.config);
  if (!(await collectorAnswers(url))) throw new Error(`no burnrate collector answers at ${url} (set BURNRATE_URL to its address)`);
  return url;
}

export const loginCommand: Command = {
  name: 'login',
  summary: 'sign in to a running collector (auth on); keys, users and budgets then act as you',
  usage: 'burnrate login [--username U]   the password is read from the terminal or stdin; BURNRATE_URL picks the collector',
  run: async (args, context) => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { username: { type: 'string' } } });
    if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')}`);
    const url = await runningCollector(context);
    const username = values.username ?? (await readLine('username: '));
    if (!username) throw new UsageError('login needs a username (--username U)');
    const password = await readSecret(`password for ${username} at ${url}: `);
    const res = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`sign-in refused: ${((await res.json().catch(() => ({}))) as { message?: string }).message ?? `HTTP ${res.status}`}`);
    const token = res.headers
      .getSetCookie()
      .map((c) => new RegExp(`^${SESSION_COOKIE}=([^;]+)`).exec(c)?.[1])
      .find(Boolean);
    if (!token) throw new Error(`${url} answered the sign-in without a session cookie; is it a burnrate collector?`);
    saveSession(url, token);
    const { role } = (await res.json()) as { role: string };
    context.print(`signed in to ${url} as ${username} (${role}); the session is kept in ${sessionFilePath()}`);
  },
};

export const logoutCommand: Command = {
  name: 'logout',
  summary: 'end the session `burnrate login` started',
  usage: 'burnrate logout',
  run: async (args, context) => {
    if (args.length > 0) throw new UsageError(`unexpected ${args.join(' ')}`);
    const { url } = collectorUrl(context.config);
    if (savedSession(url) && (await collectorAnswers(url))) await apiCaller(url)('DELETE', '/api/v1/session');
    saveSession(url, undefined);
    context.print(`signed out of ${url}`);
  },
};
