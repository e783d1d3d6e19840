#!/usr/bin/env node
// Runs the whole vitest suite and ends with the plain closing line `N passed, N failed, N skipped`,
// after one line per reason tests were skipped (a system tool missing, shared material absent:
// test/helpers/tools.ts notes them) and the names of the skipped tests.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'ogi-test-'));
// Every temporary folder the tests make (archives, configs, crawls: several hundred a run) goes
// under one folder of this run, removed at the end (kept with OGI_KEEP_TEST_TMP=1 for a look).
const scratch = join(dir, 'tmp');
mkdirSync(scratch);
const out = join(dir, 'results.json');
const skips = join(dir, 'skips.txt');
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)];
const r = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', OGI_TEST_SKIPS: skips, TMPDIR: scratch } });
let passed = 0, failed = 0, skipped = 0;
const skippedNames = [];
try {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed = j.numPassedTests ?? 0;
  // failed tests, plus test files that failed without any failed test (a file that did not load)
  const brokenFiles = (j.testResults ?? []).filter((t) => t.status === 'failed' && !(t.assertionResults ?? []).some((x) => x.status === 'failed')).length;
  failed = (j.numFailedTests ?? 0) + brokenFiles;
  skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  for (const t of j.testResults ?? []) {
    for (const x of t.assertionResults ?? []) if (x.status === 'pending' || x.status === 'skipped' || x.status === 'todo') skippedNames.push(`${relative(process.cwd(), t.name)}: ${x.fullName ?? x.title}`);
  }
} catch {
  failed = Math.max(1, failed);
}
let reasons = [];
try { reasons = [...new Set(readFileSync(skips, 'utf8').split('\n').filter(Boolean))]; } catch { /* none noted */ }
if (process.env.OGI_KEEP_TEST_TMP === '1') console.log(`test folders kept in ${scratch}`);
else rmSync(dir, { recursive: true, force: true });
if (skippedNames.length) {
  console.log(`\nskipped (${skippedNames.length}):`);
  for (const r of reasons) console.log(`  ${r}`);
  for (const n of skippedNames) console.log(`  - ${n}`);
}
if (r.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
