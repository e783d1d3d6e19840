// The registry of platform dialects, by the name a site config gives in `dialect:`.
import type { Dialect } from './types.js';
import { hanweb } from './hanweb.js';
import { trs } from './trs.js';
import { gkmlpt } from './gkmlpt.js';
import { linklist } from './linklist.js';
import { anhui } from './anhui.js';
import { gknr } from './gknr.js';
import { liaoning } from './liaoning.js';
import { vsb } from './vsb.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const dialects: Record<string, Dialect<any>> = { hanweb, trs, gkmlpt, linklist, anhui, gknr, liaoning, vsb };

/** The dialect called `name`, or undefined. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function getDialect(name: string): Dialect<any> | undefined {
  return Object.prototype.hasOwnProperty.call(dialects, name) ? dialects[name] : undefined;
}

export type { Dialect, DiscoveredRequest, PageContext, RequestKind } from './types.js';
