// Owns one worker thread of a re-extraction: receives batches of snapshot jobs, reads their
// bytes from the store and returns the extractor's results. It never writes the archive.
import { parentPort, workerData } from 'node:worker_threads';
import { SnapshotStore } from '../store/snapshots.js';
import { extractJob, type SnapshotJob, type Extractor } from './extraction.js';

const data = workerData as { storageDir: string; extractorModule?: string };
const store = new SnapshotStore(data.storageDir);
// The extractor is the project's own unless a module exporting `extract` is named (tests of rule changes).
const { extract } = (await import(data.extractorModule ?? '../extract/index.js')) as { extract: Extractor };

parentPort!.on('message', (batch: SnapshotJob[]) => {
  const results = batch.map((job) => {
    try {
      return extractJob(job, store.get(job.sha256), extract);
    } catch (e) {
      return { error: `snapshot unreadable: ${(e as Error).message}` };
    }
  });
  parentPort!.postMessage(results);
});
