#!/usr/bin/env node
// Runs the whole vitest suite and ends with the plain closing line `N passed, N failed[, N skipped]`.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'ogi-test-'));
const out = join(dir, 'results.json');
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)];
const r = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
let passed = 0, failed = 0, skipped = 0;
try {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed = j.numPassedTests ?? 0;
  // failed tests, plus test files that failed without any failed test (a file that did not load)
  const brokenFiles = (j.testResults ?? []).filter((t) => t.status === 'failed' && !(t.assertionResults ?? []).some((x) => x.status === 'failed')).length;
  failed = (j.numFailedTests ?? 0) + brokenFiles;
  skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
} catch {
  failed = Math.max(1, failed);
}
rmSync(dir, { recursive: true, force: true });
if (r.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
