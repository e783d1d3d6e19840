// The simulator registry: which portal simulator serves a site, by the site's dialect.
import type { SiteModel } from './catalog.js';
import { gkmlptPortal } from './gkmlpt.js';
import { hanwebPortal } from './hanweb.js';
import { linklistPortal } from './linklist.js';
import { trsPortal } from './trs.js';
import { anhuiPortal } from './anhui.js';
import { gknrPortal } from './gknr.js';
import { liaoningPortal } from './liaoning.js';
import { vsbPortal } from './vsb.js';
import type { Portal } from './types.js';

export const simulators: Record<string, (model: SiteModel) => Portal> = {
  hanweb: hanwebPortal,
  trs: trsPortal,
  gkmlpt: gkmlptPortal,
  linklist: linklistPortal,
  anhui: anhuiPortal,
  gknr: gknrPortal,
  liaoning: liaoningPortal,
  vsb: vsbPortal,
};

/** A portal simulator for the site, or null when its dialect has none. */
export function createPortal(model: SiteModel): Portal | null {
  const make = simulators[model.site.dialect];
  return make ? make(model) : null;
}

export { SiteModel, eraOf, type CatalogItem } from './catalog.js';
export type { Portal, PortalRequest, PortalResponse } from './types.js';
