// Owns running `ogi serve`'s application on a local address (127.0.0.1 by default) with
// @hono/node-server, and stopping it.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app.js';

export interface Served { url: string; port: number; close(): Promise<void> }

export function startServe(o: AppOptions & { host?: string; port?: number }): Promise<Served> {
  const app = createApp(o);
  const host = o.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port: o.port ?? 8080 }, (info: AddressInfo) => {
      const h = info.address.includes(':') ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${h}:${info.port}`, port: info.port,
        close: () => new Promise<void>((r) => { (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(); server.close(() => r()); }),
      });
    });
    server.once('error', reject);
  });
}
