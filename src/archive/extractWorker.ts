// Owns one worker thread of a re-extraction: receives batches of snapshot jobs, reads their
// bytes from the store and returns the extractor's results. It never writes the archive.
import { parentPort, workerData } from 'node:worker_threads';
import { SnapshotStore } from '../store/snapshots.js';
import { extract } from '../extract/index.js';
import type { SnapshotJob } from './extraction.js';

const store = new SnapshotStore((workerData as { storageDir: string }).storageDir);

parentPort!.on('message', (batch: SnapshotJob[]) => {
  const results = batch.map((job) => {
    try {
      return extract({ bytes: store.get(job.sha256), contentType: job.contentType, url: job.url, fetchedAt: job.fetchedAt, charsetOverride: job.charsetOverride, snapshotSha256: job.sha256 });
    } catch (e) {
      return { error: `extraction failed: ${(e as Error).message}` };
    }
  });
  parentPort!.postMessage(results);
});
