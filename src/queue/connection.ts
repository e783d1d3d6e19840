// Owns reaching Redis: checking a `redis://` URL given on the command line and the options
// BullMQ and the host locks connect with. Redis is optional: nothing else imports this module
// unless `--queue` is given.
import { Redis } from 'ioredis';

/** The BullMQ queue all ogi jobs go through (one per Redis database; use /N to separate). */
export const QUEUE_NAME = 'ogi';

export function checkRedisUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--queue: "${url}" is not a URL (expected redis://HOST:PORT[/DB])`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`--queue: "${url}" is not a redis:// or rediss:// URL`);
  return url;
}

/** Options for BullMQ's Queue, Worker and QueueEvents (BullMQ requires maxRetriesPerRequest null). */
export function bullConnection(url: string): { url: string; maxRetriesPerRequest: null; enableOfflineQueue: boolean } {
  return { url: checkRedisUrl(url), maxRetriesPerRequest: null, enableOfflineQueue: true };
}

/** A plain client (host locks, status), failing fast when Redis is not there. */
export async function redisClient(url: string): Promise<Redis> {
  const r = new Redis(checkRedisUrl(url), { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5000, retryStrategy: (n) => (n > 3 ? null : 200 * n) });
  try {
    await r.connect();
  } catch (e) {
    r.disconnect();
    throw new Error(`cannot reach Redis at ${url}: ${(e as Error).message}`);
  }
  return r;
}
