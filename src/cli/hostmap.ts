// Owns the --replay flag: every host name is reached at one loopback address instead of
// through DNS, so the real site configs run against the portal replay.
import type { HostMapper } from '../fetch/http.js';

export function replayHostMap(spec: string): HostMapper {
  const m = /^(?:https?:\/\/)?([\d.]+|localhost|\[[\d:a-f]+\]):(\d+)\/?$/i.exec(spec.trim());
  if (!m) throw new Error(`--replay: expected HOST:PORT of a replay on this machine (e.g. 127.0.0.1:8080), got "${spec}"`);
  const address = m[1] === 'localhost' ? '127.0.0.1' : m[1].replace(/^\[|\]$/g, '');
  const port = Number(m[2]);
  return () => ({ address, port });
}
