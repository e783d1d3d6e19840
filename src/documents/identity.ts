// Owns who issued a report, as an identity that joins its versions: the normalised issuer
// name plus, when the page gives it, the publisher code of its 索引号 (the part before "/",
// an organisation or social credit code). The portal's SiteIDCode is kept as evidence but does
// not split a report (mirrors on other portals carry the same report).
/** issuer_key is the normalised name; the archive's views add "#publisher_code" (see migration 004). */
export interface IssuerIdentity { issuer_key: string; publisher_code: string | null; site_code: string | null }

export function normaliseIssuer(name: string): string {
  return name.replace(/[\s\u3000]+/g, '').replace(/[（(][^）)]*[）)]$/, '');
}

const INDEX_NO = /索\s*引\s*号\s*[:：]?\s*(?:<[^>]*>\s*)*([0-9A-Z]{9,18})\s*[/／-]/;
const SITE_CODE = /<meta[^>]+name=["']?SiteIDCode["']?[^>]*content=["']?([0-9A-Za-z]+)/i;
const SITE_CODE_ALT = /<meta[^>]+content=["']?([0-9A-Za-z]+)["']?[^>]*name=["']?SiteIDCode/i;

export function pageCodes(pageText: string): { publisher_code: string | null; site_code: string | null } {
  const head = pageText.length > 400_000 ? pageText.slice(0, 400_000) : pageText;
  const idx = INDEX_NO.exec(head);
  const site = SITE_CODE.exec(head) ?? SITE_CODE_ALT.exec(head);
  return { publisher_code: idx ? idx[1] : null, site_code: site ? site[1] : null };
}

export function issuerIdentity(issuer: string, pageText: string): IssuerIdentity {
  const codes = pageCodes(pageText);
  return { issuer_key: normaliseIssuer(issuer), ...codes };
}
