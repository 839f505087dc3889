// Picks how a command reaches the store: through the collector that serves it when one answers
// (the embedded store allows one process, so opening it beside a running collector fails), else
// by opening the store itself. Each way is loaded only when taken: the store's side pulls in
// the native engine and every module's migrations, which a command sent over HTTP never needs.
import type { CliContext } from '../command';
import { AdminError, type Admin } from './admin';
import { collectorAnswers, collectorUrl } from './collectorUrl';

export async function openAdmin(context: CliContext): Promise<Admin> {
  const { url, explicit } = collectorUrl(context.config);
  if (await collectorAnswers(url)) return (await import('./httpAdmin')).httpAdmin(url);
  if (explicit) throw new AdminError(`no burnrate collector answers at BURNRATE_URL=${url}`);
  return (await import('./storeAdmin')).storeAdmin(context.config);
}

export async function withAdmin<T>(context: CliContext, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = await openAdmin(context);
  try {
    return await work(admin);
  } finally {
    await admin.close();
  }
}
