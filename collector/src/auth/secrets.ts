// Hashing for the two kinds of secret burnrate keeps. Passwords are low-entropy, so they get
// scrypt (memory-hard; N=2^15, r=8: 32 MiB and tens of ms per check, which slows guessing).
// Ingest keys and session tokens are 256 random bits, so one SHA-256 is enough and lets every
// request be checked without a slow hash.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const SCRYPT = { N: 32768, r: 8, p: 1, keyLength: 32, maxmem: 64 * 1024 * 1024 };

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, { N, r, p, maxmem: SCRYPT.maxmem }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p), expected.length);
  return timingSafeEqual(actual, expected);
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export const randomToken = () => randomBytes(32).toString('base64url');

/** An ingest key as given to a user once: brk_<id>_<secret>. Only sha256(secret) is stored. */
export function newIngestKey(): { id: string; key: string; secretHash: string } {
  const id = randomBytes(6).toString('hex');
  const secret = randomToken();
  return { id, key: `brk_${id}_${secret}`, secretHash: sha256(secret) };
}

export function parseIngestKey(key: string): { id: string; secret: string } | undefined {
  const match = /^brk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(key.trim());
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

export function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
