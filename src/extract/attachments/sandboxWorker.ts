// Owns the inside of the extraction sandbox (sandbox.ts): a worker thread that extracts the
// pages and attachments it is sent, one at a time, and answers with the result or the error.
import { parentPort } from 'node:worker_threads';
import { extractAny } from '../any.js';
import { AttachmentError, type AttachmentOptions } from './index.js';
import type { ExtractInput } from '../types.js';

parentPort!.on('message', async ({ id, input, opts }: { id: number; input: ExtractInput & { bytes: Uint8Array }; opts: AttachmentOptions }) => {
  try {
    const result = await extractAny({ ...input, bytes: Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength) }, opts);
    parentPort!.postMessage({ id, result });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ id, error: err.message, attachment: e instanceof AttachmentError, kind: e instanceof AttachmentError ? e.kind : null });
  }
});
