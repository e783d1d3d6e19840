// Owns URL identity: canonical form (one page, one URL), the allowed-hosts rule and the
// key that makes a request unique in a run's frontier.
import { createHash } from 'node:crypto';

const TRACKING = /^(utm_[a-z]+|spm|from|share_token|isappinstalled|_t|timestamp|jsessionid|phpsessid|sid_?token)$/i;

/** Canonical URL: lower-case scheme and host, no default port, no fragment, no session ids or tracking parameters. */
export function canonicalUrl(input: string, base?: string): string | null {
  let u: URL;
  try {
    u = new URL(input.trim(), base);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  // each setter re-serialises the URL: only what needs changing is set (the URL parser already
  // drops default ports and lower-cases the scheme and host)
  if (u.hash || u.href.endsWith('#')) u.hash = '';
  if (/;jsessionid=/i.test(u.pathname)) u.pathname = u.pathname.replace(/;jsessionid=[^/?]*/i, '');
  if (u.search || u.href.includes('?')) {
    const kept = [...u.searchParams.entries()].filter(([k]) => !TRACKING.test(k));
    u.search = '';
    for (const [k, v] of kept) u.searchParams.append(k, v);
  }
  return u.href;
}

/** True when `host` matches one of the patterns (`example.gov.cn` exact, `*.gov.cn` any sub-domain or the domain itself). */
export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return patterns.some((p) => {
    const q = p.toLowerCase();
    if (q.startsWith('*.')) return h === q.slice(2) || h.endsWith(q.slice(1));
    return h === q;
  });
}

/** Literal private, loopback or link-local addresses, which a public site may never redirect to. */
export function isPrivateAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  // IPv4-mapped IPv6 (::ffff:127.0.0.1, ::ffff:7f00:1), as a DNS answer may give it, is its IPv4 address (issue 7)
  const v4 = /^::ffff:(?:0+:)?(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (v4) return isPrivateAddress(v4[1]);
  const hex = /^::ffff:(?:0+:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
  if (hex) { const x = parseInt(hex[1], 16), y = parseInt(hex[2], 16); return isPrivateAddress(`${x >> 8}.${x & 255}.${y >> 8}.${y & 255}`); }
  return h === '::1' || h === '::' || h.startsWith('fc') || h.startsWith('fd') || h.startsWith('fe80');
}

/** A request's identity within a run: method, canonical URL and body. */
export function requestKey(method: string, url: string, body?: string | null): string {
  return createHash('sha1').update(`${method.toUpperCase()} ${url}\n${body ?? ''}`).digest('hex');
}
