// Owns report titles: the variants real portals use (issuer first or year first, 年度报告 /
// 年报 / 工作报告, 年度 after the year), always naming the issuer or its region.
import type { Rng } from './prng.js';
import type { Place } from './places.js';

export function makeTitle(rng: Rng, place: Place, year: number, era: 'pre2019' | '2019' | '2021'): string {
  const gov = place.kind !== 'dept' && place.kind !== 'province-dept';
  const i = place.issuer;
  const variants: Array<[string, number]> = [
    [`${i}${year}年政府信息公开工作年度报告`, 40],
    [`${year}年${i}政府信息公开工作年度报告`, 15],
    [`${i}${year}年度政府信息公开工作年度报告`, 5],
    [`${i}${year}年政府信息公开工作年报`, era === 'pre2019' ? 4 : 10],
    [`${i}${year}年度政府信息公开工作报告`, 10],
    [`${i}${year}年政府信息公开工作报告`, era === 'pre2019' ? 12 : 3],
  ];
  variants.push([`${year}年政府信息公开工作年度报告`, 3]);
  if (gov) {
    variants.push([`${place.region}${year}年政府信息公开工作年度报告`, 12]);
    variants.push([`${place.region}政府${year}年度政府信息公开工作报告`, 4]);
  }
  return rng.weighted(variants);
}
