// Command-line helpers of the fault suite: the `ogi` runner (test/helpers/ogi.ts) and a digest
// of a folder, to show a failed command left it untouched, and an in-process runner of the
// reading commands.
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { vi } from 'vitest';
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

/** Runs `ogi` sub-commands in this process (a child process costs seconds on a loaded machine); an error is what main.ts turns into exit 2. */
export async function inProcess(args: string[]): Promise<{ out: string; err: string; code: number | undefined; error?: Error }> {
  const program = new Command();
  program.exitOverride();
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  for (const r of [registerVerify, registerRuns, registerQuery, registerExport]) r(program);
  let out = '';
  const w = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  let err = '';
  const l = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out += `${a.join(' ')}\n`; });
  const e = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err += `${a.join(' ')}\n`; });
  const before = process.exitCode;
  process.exitCode = undefined;
  let error: Error | undefined;
  try {
    await program.parseAsync(['node', 'ogi', ...args]);
  } catch (x) {
    error = x as Error;
  } finally {
    w.mockRestore();
    l.mockRestore();
    e.mockRestore();
  }
  const code = process.exitCode as number | undefined;
  process.exitCode = before;
  return { out, err, code, error };
}

