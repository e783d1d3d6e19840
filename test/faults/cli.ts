// Command-line helpers of the fault suite: the `ogi` runner (test/helpers/ogi.ts) and a digest
// of a folder, to show a failed command left it untouched, and an in-process runner of the
// reading commands.
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess, type InProcessResult } from '../helpers/inProcessCli.js';
import { registerVerify } from '../../src/cli/commands/verify.js';
import { registerRuns } from '../../src/cli/commands/runs.js';
import { registerQuery } from '../../src/cli/commands/query.js';
import { registerExport } from '../../src/cli/commands/export.js';

export { cliPath, isRoot, NOBODY, startOgi, ogi, type CliResult } from '../helpers/ogi.js';

/** Digest of every file under a folder (names, sizes, bytes): equal before and after means untouched. */
export function folderDigest(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) { h.update(`d ${p}\n`); walk(p); } else h.update(`f ${p} ${statSync(p).size}\n`).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

/** Lets the unprivileged user reach a folder (mkdtemp makes 0700 folders). */
export function openUp(dir: string): void {
  chmodSync(dir, 0o755);
}

/** The reading commands, run in this process (see test/helpers/inProcessCli.ts). */
export function inProcess(args: string[]): Promise<InProcessResult> {
  return runInProcess([registerVerify, registerRuns, registerQuery, registerExport], args);
}
