// Test helper: an HTTP request to the replay on 127.0.0.1 with a real host name in the
// Host header (Node's fetch forbids setting Host), returning status, headers and raw bytes.
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Body decoded as UTF-8 (use iconv-lite on `body` for GBK pages). */
  text: string;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Requests `url` (with its real host) from the replay listening on 127.0.0.1:`port`. */
export function httpGet(port: number, url: string, opts: HttpOptions = {}): Promise<HttpResult> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const body = opts.body !== undefined ? Buffer.from(opts.body, 'utf8') : undefined;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? (body ? 'POST' : 'GET'),
        path: u.pathname + u.search,
        headers: {
          Host: u.host,
          'User-Agent': 'ogi-archive-test',
          ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(body.length) } : {}),
          ...(opts.headers ?? {}),
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const b = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b, text: b.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
