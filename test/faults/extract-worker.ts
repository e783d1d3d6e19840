// Worker thread of the fault suite: runs the extractor on pages sent by the test, so a page
// that hangs the extractor or exhausts its heap fails one test instead of the test process.
import { parentPort } from 'node:worker_threads';
import { extract } from '../../src/extract/index.js';

export interface Extracted {
  kind: string; reason: string; title: string | null; flags: string[]; charset: string; mainText: string;
  metrics: Array<{ key: string; value: number | null; raw: string; flags: string[] }>;
}

parentPort!.on('message', (m: { id: number; bytes: Uint8Array; contentType: string | null }) => {
  try {
    const r = extract({ bytes: Buffer.from(m.bytes), contentType: m.contentType });
    const out: Extracted = {
      kind: r.kind, reason: r.reason, title: r.record?.title ?? null, flags: r.record?.flags ?? [], charset: r.charset, mainText: r.mainText.slice(0, 4000),
      metrics: (r.record?.metrics ?? []).map((x) => ({ key: x.key, value: x.value, raw: x.raw, flags: x.flags })),
    };
    parentPort!.postMessage({ id: m.id, result: out });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: `extract() threw: ${(e as Error).message}` });
  }
});
