// Owns one worker thread of a re-extraction: receives batches of snapshot jobs, reads their
// bytes from the store and returns the extractor's results. It never writes the archive.
import { parentPort, workerData } from 'node:worker_threads';
import { SnapshotStore } from '../store/snapshots.js';
import { extractJob, serialiseForWriter, type SnapshotJob, type Extractor } from './extraction.js';
import { ExtractionSandbox, sandboxedExtractAny } from '../extract/any.js';

const data = workerData as { storageDir: string; extractorModule?: string };
const store = new SnapshotStore(data.storageDir);
// The extractor is the project's own unless a module exporting `extract` is named (tests of rule
// changes). The project's own reads attachments in a sandbox worker (heap and time limits), so
// a hostile file becomes an error record and this thread goes on.
const mod = data.extractorModule ? (await import(data.extractorModule)) as { extract?: Extractor; extractAny?: Extractor } : null;
const extract: Extractor = mod ? (mod.extractAny ?? mod.extract)! : sandboxedExtractAny(new ExtractionSandbox());

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
