// Sessions from `burnrate login`, one per collector URL, in a file only its owner can read
// (BURNRATE_SESSION_FILE, else ~/.config/burnrate/sessions.json). A session is what the
// dashboard gets at sign-in: it expires, `burnrate logout` ends it, and it acts as one person.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export function sessionFilePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BURNRATE_SESSION_FILE) return env.BURNRATE_SESSION_FILE;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'burnrate', 'sessions.json');
}

function readAll(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function savedSession(url: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.BURNRATE_SESSION || readAll(sessionFilePath(env))[url];
}

export function saveSession(url: string, token: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  const path = sessionFilePath(env);
  const sessions = readAll(path);
  if (token) sessions[url] = token;
  else delete sessions[url];
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(sessions, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600); // an existing file keeps its mode on write
}
