// Shared shapes of the portal replay: a request as a simulator sees it, the response it
// gives, and the simulator (one per site, built by its dialect's module).
import type { IncomingHttpHeaders } from 'node:http';
import type { CatalogItem, SiteModel } from './catalog.js';

export interface PortalRequest {
  method: string;
  /** Full URL with the real host, e.g. http://www.panan.gov.cn/col/col1/index.html?x=1 */
  url: URL;
  /** Request body as text (form bodies of data calls). */
  body: string;
  headers: IncomingHttpHeaders;
}

export interface PortalResponse {
  status: number;
  /** Content-Type header exactly as sent (a GBK site sends no charset). */
  contentType: string;
  body: Buffer;
  headers?: Record<string, string>;
  /** When the content last changed (Last-Modified); omitted for uncacheable answers. */
  modified?: Date;
  /** A dynamic answer (a search, a list API): sent without validators, as such servers do. */
  dynamic?: boolean;
}

export interface Portal {
  siteId: string;
  hosts: string[];
  model: SiteModel;
  /** Paths robots.txt disallows (the trap and the site search). */
  disallow: string[];
  /** Answers a request for one of `hosts` (robots.txt, walls and 304s are the server's); null means 404. */
  handle(req: PortalRequest): PortalResponse | null;
  /** Absolute URL the lists link `item` at (its page, or its file when listed as a file). */
  urlOf(item: CatalogItem): string;
  /** Absolute URL of the item's attachment, if it has one. */
  attachmentUrlOf(item: CatalogItem): string | undefined;
}
