// Owns how a TypeScript worker thread starts fast. A worker does not inherit the parent's tsx
// loader; registering it inside the thread starts Node's loader-hooks thread and compiles every
// module of the worker's graph on the way: the archive-writing thread took 310–400 ms and 460 ms
// of CPU to start, once per crawl, and once per site job in a queue worker. Instead the worker's
// graph is bundled once into plain JavaScript with esbuild (which tsx already uses; the build runs
// in a child process, workerBundleBuild.mjs) and kept in
// node_modules/.cache/ogi-workers/; it starts in about 90 ms. The bundle is rebuilt when any of
// its source files changed (size or mtime, from the build's own list of inputs), so an edited
// source never runs stale. When no bundle can be made (esbuild missing, a read-only folder),
// the worker starts through its tsx boot file as before.
import { version as esbuildVersion } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const cacheDir = join(projectRoot, 'node_modules', '.cache', 'ogi-workers');
const builder = fileURLToPath(new URL('./workerBundleBuild.mjs', import.meta.url));

interface Manifest { esbuild: string; node: string; inputs: Record<string, [number, number]> }

const chosen = new Map<string, URL>();

/**
 * How to start a worker: from the bundle of `entry` (a .ts worker module), fresh, without the
 * parent's `--import tsx` (a worker inherits the parent's flags, and the loader would start in
 * it all the same); or from `boot` (its tsx boot file) when no bundle can be had.
 */
export function workerStart(entry: URL, boot: URL): { url: URL; execArgv?: string[] } {
  const url = workerUrl(entry, boot);
  return url === boot ? { url } : { url, execArgv: withoutTsx(process.execArgv) };
}

/** The parent's flags without the ones that load tsx (`--import tsx`, `--import=tsx`, `--loader tsx`, `--require tsx/cjs`). */
function withoutTsx(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (/^--(import|loader|experimental-loader|require)=tsx\b/.test(a)) continue;
    if (/^(--import|--loader|--experimental-loader|--require|-r)$/.test(a) && /^tsx\b/.test(argv[i + 1] ?? '')) { i++; continue; }
    out.push(a);
  }
  return out;
}

/** The bundle of `entry`, fresh, or `boot`. Decided once per process and entry. */
function workerUrl(entry: URL, boot: URL): URL {
  const key = entry.href;
  let url = chosen.get(key);
  if (!url) {
    url = process.env.OGI_WORKER_BUNDLE === '0' ? boot : (bundleOf(fileURLToPath(entry)) ?? boot);
    chosen.set(key, url);
  }
  return url;
}

/** The bundle of `entry` under `dir`, rebuilt when stale; null when it cannot be built. */
export function bundleOf(entry: string, dir = cacheDir): URL | null {
  const name = relative(projectRoot, entry).replace(/[\\/]/g, '__').replace(/\.[cm]?ts$/, '').replace(/^[._]+/, '');
  const out = join(dir, `${name}.mjs`);
  const manifestPath = join(dir, `${name}.json`);
  try {
    if (fresh(manifestPath) && existsSync(out)) return pathToFileURL(out);
    mkdirSync(dir, { recursive: true });
    const tmp = `${out}.tmp-${process.pid}`;
    const started = Date.now() - 1000; // mtimes may be coarse
    const files = JSON.parse(execFileSync(process.execPath, [builder, entry, tmp], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 })) as string[];
    const inputs: Manifest['inputs'] = {};
    let changedMeanwhile = false;
    for (const abs of files) {
      const st = statSync(abs);
      inputs[abs] = [st.mtimeMs, st.size];
      if (st.mtimeMs >= started) changedMeanwhile = true;
    }
    renameSync(tmp, out);
    // a source saved while it was read: this bundle serves this process, the next one rebuilds
    if (!changedMeanwhile) writeJsonAtomic(manifestPath, { esbuild: esbuildVersion, node: process.version, inputs } satisfies Manifest);
    return pathToFileURL(out);
  } catch {
    return null; // the tsx boot file instead
  }
}

/** True when the bundle was made by this esbuild and Node from sources that have not changed since. */
function fresh(manifestPath: string): boolean {
  if (!existsSync(manifestPath)) return false;
  try {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (m.esbuild !== esbuildVersion || m.node !== process.version) return false;
    for (const [abs, [mtime, size]] of Object.entries(m.inputs)) {
      const st = statSync(abs, { throwIfNoEntry: false });
      if (!st || st.mtimeMs !== mtime || st.size !== size) return false;
    }
    return Object.keys(m.inputs).length > 0;
  } catch {
    return false;
  }
}

function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, path);
}
