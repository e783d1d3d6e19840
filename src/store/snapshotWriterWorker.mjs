// The snapshot writer thread (see snapshotWriter.ts): writes each body it is sent with
// writeSnapshotFileAsync, many at once, and answers with the hash, or the error and its folder.
// Messages come and go in batches (an array per turn of either side's event loop): one message
// costs the main thread about as much as a small body, so a burst of pages costs one.
import { parentPort, workerData } from 'node:worker_threads';
import { writeSnapshotFileAsync } from './snapshotFile.mjs';

let replies = [];
const reply = (r) => {
  if (replies.length === 0) setImmediate(() => { parentPort.postMessage(replies); replies = []; });
  replies.push(r);
};

parentPort.on('message', (batch) => {
  for (const { id, bytes } of batch) {
    writeSnapshotFileAsync(workerData.root, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).then(
      (put) => reply({ id, ...put }),
      (e) => reply({ id, error: { message: e.message, code: e.code, dir: e.snapshotDir } }),
    );
  }
});
