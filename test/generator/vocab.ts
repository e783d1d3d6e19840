// Test helper: the metric-key vocabulary read from ../shared/spec/metrics.md (beside the
// project root; tests that need it skip with SPEC_MISSING as their reason when it is absent).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const SPEC = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'spec', 'metrics.md');
/** Why a test that needs the spec is skipped, or null when the spec is there. */
export const SPEC_MISSING: string | null = existsSync(SPEC) ? null : `skipped: ${SPEC} is absent (the shared folder beside the project holds the metric spec)`;

const ticks = (line: string) => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** The paragraph (lines up to the next blank line) that starts with `prefix`. */
function para(lines: string[], prefix: string): string {
  const i = lines.findIndex((l) => l.startsWith(prefix));
  const out: string[] = [];
  for (let j = i; j >= 0 && j < lines.length && lines[j].trim() !== ''; j++) out.push(lines[j]);
  return out.join(' ');
}

export function specVocabulary(path = SPEC): Set<string> {
  const text = readFileSync(path, 'utf8');
  const section = (from: string, to?: string) => {
    const a = text.indexOf(from);
    const b = to ? text.indexOf(to, a + 1) : text.length;
    return text.slice(a, b < 0 ? text.length : b).split('\n');
  };
  const out = new Set<string>();
  // requests
  const req = section('### Table: 收到和处理', '### Table: 政府信息公开行政复议');
  const reqCols = ticks(para(req, 'Columns:'));
  const reqRows = req.filter((l) => l.startsWith('|') && !l.includes('row key') && !l.startsWith('|---')).map((l) => ticks(l)[0]).filter(Boolean);
  for (const r of reqRows) for (const c of reqCols) out.add(`requests.${r}.${c}`);
  // review
  const rev = section('### Table: 政府信息公开行政复议', '### Table: 主动公开');
  const groups = ticks(para(rev, 'Groups:'));
  const revCols = ticks(para(rev, 'Columns:'));
  for (const g of groups) for (const c of revCols) out.add(`review.${g}.${c}`);
  // proactive
  const pro = section('### Table: 主动公开', '### Cells');
  const proRows = pro.filter((l) => l.startsWith('|') && !l.includes('row key') && !l.startsWith('|---')).map((l) => ticks(l)[0]).filter(Boolean);
  const proCols = [...ticks(para(pro, '2019 columns')), ...ticks(para(pro, '2021 columns'))];
  for (const r of proRows) for (const c of proCols) out.add(`proactive.${r}.${c}`);
  // pre-2019 statistics
  for (const l of section('## Pre-2019')) {
    if (!l.startsWith('|')) continue;
    let prev = '';
    for (const t of ticks(l)) {
      if (t.startsWith('.') && prev) out.add(prev.replace(/\.[^.]+$/, '') + t);
      else if (t.includes('.')) {
        out.add(t);
        prev = t;
      }
    }
  }
  return out;
}
