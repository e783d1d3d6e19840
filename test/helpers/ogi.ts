// Runs the `ogi` command line in a child process (asynchronously, so a replay or simulator
// served by the test process keeps answering), optionally as an unprivileged user: as root,
// permissions do not stop writes, so read-only folders are tested as `nobody`. One process
// (node with tsx's loader), so a SIGKILL hits the command itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/load.js';

export const cliPath = join(projectRoot, 'src', 'cli', 'main.ts');
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
export const NOBODY = 65534;

export interface CliResult { code: number | null; signal: NodeJS.Signals | null; out: string; err: string }

export function startOgi(args: string[], opts: { unprivileged?: boolean; env?: NodeJS.ProcessEnv } = {}): ChildProcess & { result: Promise<CliResult> } {
  const asNobody = opts.unprivileged && isRoot;
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], {
    cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...(asNobody ? { HOME: '/tmp' } : {}), ...opts.env },
    ...(asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const result = new Promise<CliResult>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err })));
  return Object.assign(child, { result });
}

export const ogi = (args: string[], opts: { unprivileged?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> => startOgi(args, opts).result;

