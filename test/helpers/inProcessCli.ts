// Runs `ogi` sub-commands in this process (a child process costs seconds on a loaded machine) and
// captures what they print; an error is what main.ts would turn into exit 2.
import { Command } from 'commander';
import { vi } from 'vitest';

export interface InProcessResult { out: string; err: string; code: number | undefined; error?: Error }

export async function runInProcess(register: Array<(program: Command) => unknown>, args: string[]): Promise<InProcessResult> {
  const program = new Command();
  program.exitOverride();
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  for (const r of register) r(program);
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
