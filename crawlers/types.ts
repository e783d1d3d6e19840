// The contract between the crawl engine and a platform dialect: how a dialect seeds a site,
// reads a fetched page and names the requests it leads to. Dialects are pure (no I/O).
import type { z } from 'zod';
import type { SiteConfig } from '../src/config/schema.js';

/** What a request is for: a list page, a data call behind a list, a report page, an attachment. */
export type RequestKind = 'robots' | 'list' | 'data' | 'report' | 'attachment';

export interface DiscoveredRequest {
  url: string;
  kind: RequestKind;
  method?: 'GET' | 'POST';
  /** Form-encoded body for POST data calls. */
  body?: string;
  /** Link text or title, when known (used to recognise reports and shown in logs). */
  label?: string;
  /** Depth in the list graph: start URLs are 0, each list→list step adds one. */
  depth?: number;
}

export interface PageContext {
  site: SiteConfig;
  /** The request as queued. */
  request: DiscoveredRequest;
  /** URL after redirects. */
  finalUrl: string;
  status: number;
  contentType: string | null;
  /** Decoded text of the body. */
  text: string;
  /** The list-depth limit the engine applies to this site (its `politeness.max_depth`, else the global one). */
  maxDepth?: number;
}

export interface Dialect<P = unknown> {
  name: string;
  /** Validates `params:` of a site config for this dialect. */
  params: z.ZodType<P>;
  /** The first requests of a crawl of this site (list pages, data calls). */
  startRequests(site: SiteConfig, params: P): DiscoveredRequest[];
  /** Requests found on a fetched list/data/report page (absolute URLs). */
  parse(ctx: PageContext, params: P): DiscoveredRequest[];
}
