// Owns one worker thread of a re-extraction: receives batches of snapshot jobs, reads their
// bytes from the store and returns the extractor's results. It never writes the archive.
import { parentPort, workerData } from 'node:worker_threads';
import { SnapshotStore } from '../store/snapshots.js';
import { openArchive } from './db.js';
import { extractJob, serialiseForWriter, type SnapshotJob, type Extractor } from './extraction.js';
import { ExtractionSandbox, sandboxedExtractAny } from '../extract/any.js';

const data = workerData as { storageDir: string; dbPath: string | null; extractorModule?: string };
// small bodies are read from the archive, on a read-only connection of this thread's own
const store = new SnapshotStore(data.storageDir, data.dbPath ? openArchive(data.dbPath, { readonly: true }) : null);
// The extractor is the project's own unless a module exporting `extract` is named (tests of rule
// changes). The project's own reads attachments in a sandbox worker (heap and time limits), so
// a hostile file becomes an error record and this thread goes on.
const mod = data.extractorModule ? (await import(data.extractorModule)) as { extract?: Extractor; extractAny?: Extractor } : null;
const extract: Extractor = mod ? (mod.extractAny ?? mod.extract)! : sandboxedExtractAny(new ExtractionSandbox());

parentPort!.on('message', async ({ id, batch }: { id: number; batch: Array<SnapshotJob & { body?: Uint8Array }> }) => {
  const results = [];
  for (const job of batch) {
    let bytes: Buffer;
    try {
      bytes = job.body ? Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength) : store.get(job.sha256);
    } catch (e) {
      results.push({ error: `snapshot unreadable: ${(e as Error).message}` });
      continue;
    }
    results.push(serialiseForWriter(await extractJob(job, bytes, extract)));
  }
  parentPort!.postMessage({ id, results }); // batches may finish out of order: the id says which
});
