// Owns politeness across workers: a host is crawled by one worker at a time. A worker takes a
// Redis lock per host (SET NX PX with its own token) for every host of a site before it crawls
// it, renews the locks while it works, and on release leaves each host in a cool-down for the
// site's per-host delay, so the next worker's first request keeps the same gap. A worker that
// dies stops renewing: its locks expire after `ttlMs` and another worker may take the host.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const PREFIX = 'ogi:host:';

// release only our own lock: turn it into a cool-down that expires after the delay
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then
  if tonumber(ARGV[2]) > 0 then redis.call('set', KEYS[1], 'cooldown', 'PX', ARGV[2]) else redis.call('del', KEYS[1]) end
  return 1 end return 0`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;

export interface HostLease {
  hosts: string[];
  /** Lets the hosts go, each into a cool-down of `cooldownMs`. */
  release(cooldownMs: number): Promise<void>;
  /** Hosts whose lock could not be renewed (another worker may have them now). */
  lost: Set<string>;
}

/**
 * Takes every host in `hosts` or none: returns null when any is held (or cooling down) by
 * someone else, after letting go of those it took.
 */
export async function leaseHosts(redis: Redis, hosts: string[], owner: string, ttlMs = 30_000): Promise<HostLease | null> {
  const sorted = [...new Set(hosts.map((h) => h.toLowerCase()))].sort();
  const token = `${owner}:${randomBytes(6).toString('hex')}`;
  const taken: string[] = [];
  for (const h of sorted) {
    const ok = await redis.set(PREFIX + h, token, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') {
      for (const t of taken) await redis.eval(RELEASE, 1, PREFIX + t, token, 0);
      return null;
    }
    taken.push(h);
  }
  const lost = new Set<string>();
  const timer = setInterval(() => {
    for (const h of taken) {
      redis.eval(RENEW, 1, PREFIX + h, token, ttlMs).then((r) => { if (r !== 1) lost.add(h); }, () => lost.add(h));
    }
  }, Math.max(250, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    hosts: taken,
    lost,
    async release(cooldownMs: number) {
      clearInterval(timer);
      for (const h of taken) await redis.eval(RELEASE, 1, PREFIX + h, token, Math.max(0, Math.round(cooldownMs)));
    },
  };
}

/** Who holds which host now (for `ogi queue status`). */
export async function hostLeases(redis: Redis): Promise<Array<{ host: string; holder: string; ttlMs: number }>> {
  const out: Array<{ host: string; holder: string; ttlMs: number }> = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', PREFIX + '*', 'COUNT', 200);
    cursor = next;
    for (const k of keys) {
      const [holder, ttl] = await Promise.all([redis.get(k), redis.pttl(k)]);
      if (holder) out.push({ host: k.slice(PREFIX.length), holder: holder.replace(/:[0-9a-f]{12}$/, ''), ttlMs: ttl });
    }
  } while (cursor !== '0');
  return out.sort((a, b) => a.host.localeCompare(b.host));
}
