// When a digest is due. Pure. A daily digest covers the UTC day that just ended and goes out at
// its hour; a weekly one covers the 7 days ending at the start of its weekday and goes out at its
// hour that day. Each period is sent once: the key of the period last sent is kept.
import type { Digest } from '../contract';
import { digestWindow } from './digestContent';

/** The key of the period this digest covers at `now` ("YYYY-MM-DD" of the window's first day). */
export const periodKey = (digest: Pick<Digest, 'schedule'>, now: Date) => digestWindow(digest.schedule, now).from.toISOString().slice(0, 10);

export function isDue(digest: Digest, now: Date): boolean {
  if (!digest.enabled || now.getUTCHours() < digest.hourUtc) return false;
  if (digest.schedule === 'weekly' && now.getUTCDay() !== digest.weekday) return false;
  return digest.lastSentFor !== periodKey(digest, now);
}
