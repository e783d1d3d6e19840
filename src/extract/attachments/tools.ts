// Owns running the system programs the attachment readers use (pdftoppm, tesseract,
// soffice, antiword, catdoc): finding them on PATH once, and running one with a timeout.
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

const found = new Map<string, Promise<string | null>>();

/** Full path of a program on PATH, or null. */
export function which(name: string): Promise<string | null> {
  let p = found.get(name);
  if (!p) {
    p = (async () => {
      for (const dir of (process.env.PATH ?? '').split(delimiter)) {
        if (!dir) continue;
        const f = join(dir, name);
        try { await access(f, constants.X_OK); return f; } catch { /* next */ }
      }
      return null;
    })();
    found.set(name, p);
  }
  return p;
}

export interface RunResult { stdout: Buffer; stderr: string }

/** Runs a program; rejects with its stderr on a non-zero exit or after `timeoutMs`. */
export function run(cmd: string, args: string[], opts: { timeoutMs?: number; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, timeout: opts.timeoutMs ?? 120_000, cwd: opts.cwd, env: opts.env ?? process.env }, (err, stdout, stderr) => {
      const errText = Buffer.isBuffer(stderr) ? stderr.toString('utf8') : String(stderr ?? '');
      if (err) reject(Object.assign(new Error(`${cmd} failed: ${errText.trim().slice(0, 500) || err.message}`), { cause: err }));
      else resolve({ stdout: stdout as Buffer, stderr: errText });
    });
  });
}
