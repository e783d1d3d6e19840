// `ogi show REPORT KEY`: where a value was read — the archived page's text around it, the
// value marked, with its locator, element path and character offsets in the page text.
import type { Command } from 'commander';
import { openReadonly, addStorageOptions, type StorageFlags } from './query.js';
import { showValue } from '../../serve/source.js';
import { plain } from '../plain.js';

export function registerShow(program: Command): void {
  addStorageOptions(program.command('show')
    .description('print the archived text around a value of a report, the value marked (e.g. ogi show "安庆市人民政府 2022" requests.new_received.total)')
    .argument('<report>', 'report id (report_records.report_id: issuer and year)')
    .argument('<key>', 'metric key (or a metrics.id)')
    .option('--context <n>', 'characters shown either side', '120')
    .option('--json', 'JSON instead of text'))
    .action((report: string, key: string, o: StorageFlags & { context: string; json?: boolean }) => {
      const context = Number(o.context);
      if (!Number.isInteger(context) || context < 0) throw new Error('show: --context must be a whole number ≥ 0');
      const { db, store } = openReadonly(o);
      try {
        const v = showValue(db, store, report, key, context);
        if (o.json) { process.stdout.write(`${JSON.stringify(v, null, 2)}\n`); return; }
        const [open, close] = process.stdout.isTTY ? ['\u001b[1;31m', '\u001b[0m'] : ['[[', ']]'];
        const l = v.locator;
        console.log(`${plain(v.report_id)}  ${v.key} = ${v.value ?? 'NULL'}${v.unit ? ` ${v.unit}` : ''}  (printed "${plain(v.raw ?? '')}")${v.flags ? `  flags: ${v.flags}` : ''}`);
        console.log(`  read from: ${v.source_type === 'table' ? `table ${l.table} "${plain(String(l.tableLabel ?? ''))}", row "${plain(String(l.row ?? ''))}", column "${plain(String(l.column ?? ''))}"` : `sentence "${plain(String(l.verbatim ?? l.sentence ?? ''))}"`}`);
        console.log(`  page: ${v.url ?? ''}  snapshot ${v.snapshot_sha256}`);
        if (!v.found) { console.log(`  not found in the page: ${v.how}`); process.exitCode = 1; return; }
        console.log(`  found: ${v.how}${v.path && !v.stored ? `; element ${v.path}` : ''}${v.offsets ? `; characters ${v.offsets[0]}–${v.offsets[1]} of the page text` : ''}`);
        console.log('');
        console.log(`  …${plain(v.before)}${open}${plain(v.text)}${close}${plain(v.after)}…`);
      } finally {
        db.close();
      }
    });
}
