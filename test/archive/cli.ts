// Runs one of the read-side `ogi` sub-commands in-process and captures what it prints.
import { Command } from 'commander';
import { vi } from 'vitest';
import { registerQuery } from '../../src/cli/commands/query.js';
import { registerSearch } from '../../src/cli/commands/search.js';
import { registerExport } from '../../src/cli/commands/export.js';
import { registerExportWarc } from '../../src/cli/commands/warc.js';
import { registerSchema } from '../../src/cli/commands/schema.js';
import { registerShow } from '../../src/cli/commands/show.js';

export async function runCli(args: string[]): Promise<{ out: string; err: string; code: number | undefined; error?: Error }> {
  const program = new Command();
  program.exitOverride();
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerQuery(program);
  registerSearch(program);
  registerExport(program);
  registerExportWarc(program);
  registerSchema(program);
  registerShow(program);
  let out = '';
  let err = '';
  const w = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
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
