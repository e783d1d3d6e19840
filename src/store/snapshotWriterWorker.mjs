// The snapshot writer thread (see snapshotWriter.ts): writes each body it is sent with
// writeSnapshotFileAsync, many at once, and answers with the hash, or the error and its folder.
import { parentPort, workerData } from 'node:worker_threads';
import { writeSnapshotFileAsync } from './snapshotFile.mjs';

parentPort.on('message', ({ id, bytes }) => {
  writeSnapshotFileAsync(workerData.root, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).then(
    (put) => parentPort.postMessage({ id, ...put }),
    (e) => parentPort.postMessage({ id, error: { message: e.message, code: e.code, dir: e.snapshotDir } }),
  );
});
