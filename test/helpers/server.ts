// A tiny programmable HTTP server on 127.0.0.1 for fetcher tests: each test supplies the handler.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer { port: number; log: Array<{ t: number; host: string; path: string; headers: http.IncomingHttpHeaders }>; close(): Promise<void> }

export async function startServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<TestServer> {
  const log: TestServer['log'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    log.push({ t: Date.now(), host: String(req.headers.host), path: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    log,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}
