import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { seedArchive } from './bench/archive.ts';
import { reextract } from './src/archive/reextract.ts';
const task = (tid: string) => { try { const st = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'); const f = st.slice(st.lastIndexOf(')') + 2).split(' '); return { cpu: (Number(f[11]) + Number(f[12])) * 10, name: readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() }; } catch { return null; } };
const snap = () => { const m = new Map<string, { cpu: number; name: string }>(); for (const t of readdirSync('/proc/self/task')) { const x = task(t); if (x) m.set(t, x); } return m; };
const n = Number(process.argv[2] ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'rb-'));
const db = await seedArchive(dir, n);
for (const p of (process.env.PRAGMAS ?? '').split(';').filter(Boolean)) { console.log('pragma', p, db.pragma(p)); }
if (process.env.VAC) db.exec('VACUUM');
console.log('metrics/record', db.prepare('SELECT COUNT(*) FROM metrics').pluck().get(), db.prepare('SELECT COUNT(*) FROM records').pluck().get(), 'avg locator', db.prepare('SELECT AVG(LENGTH(locator_json)) FROM metrics').pluck().get(), 'checks', db.prepare('SELECT COUNT(*) FROM checks').pluck().get());
for (const workers of (process.argv[3] ?? '1').split(',').map(Number)) {
  const base = snap(); const last = new Map(base);
  const iv = setInterval(() => { for (const [k, v] of snap()) last.set(k, v); }, 100);
  const t0 = performance.now();
  await reextract(db, { storageDir: dir, version: `x${workers}${Math.random()}`, workers, force: true });
  clearInterval(iv); for (const [k, v] of snap()) last.set(k, v);
  const by = new Map<string, number>();
  for (const [k, v] of last) { const d = v.cpu - (base.get(k)?.cpu ?? 0); if (d > 0) by.set(k === String(process.pid) ? 'MAIN' : `${v.name}#${k}`, d); }
  console.log(`workers ${workers}: wall ${Math.round(performance.now() - t0)} ms; ` + [...by].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', '));
}
rmSync(dir, { recursive: true, force: true });
