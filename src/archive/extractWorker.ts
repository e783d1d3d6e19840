// Owns one worker thread of a re-extraction: receives batches of snapshot jobs, reads their
// bytes from the store and returns the extractor's results. It never writes the archive.
import { parentPort, workerData } from 'node:worker_threads';
import { SnapshotStore } from '../store/snapshots.js';
import { extractJob, serialiseForWriter, type SnapshotJob, type Extractor } from './extraction.js';

const data = workerData as { storageDir: string; extractorModule?: string };
const store = new SnapshotStore(data.storageDir);
// The extractor is the project's own unless a module exporting `extract` is named (tests of rule changes).
const mod = (await import(data.extractorModule ?? '../extract/any.js')) as { extract?: Extractor; extractAny?: Extractor };
const extract = (mod.extractAny ?? mod.extract)!;

parentPort!.on('message', async ({ id, batch }: { id: number; batch: SnapshotJob[] }) => {
  const results = [];
  for (const job of batch) {
    let bytes: Buffer;
    try {
      bytes = store.get(job.sha256);
    } catch (e) {
      results.push({ error: `snapshot unreadable: ${(e as Error).message}` });
      continue;
    }
    results.push(serialiseForWriter(await extractJob(job, bytes, extract)));
  }
  parentPort!.postMessage({ id, results }); // batches may finish out of order: the id says which
});
