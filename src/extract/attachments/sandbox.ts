// Owns isolating attachment extraction: one worker thread with a heap limit reads attachments
// one at a time under a time limit, so a file that exhausts memory or time costs an
// AttachmentError naming the cause (the caller records it and goes on), never the process.
// The worker is started on first use, reused while it is healthy, and replaced after a
// file killed it. The caps in limits.ts stop known bombs before this is ever needed.
import { Worker } from 'node:worker_threads';
import { workerStart } from '../../util/workerBundle.js';
import type { ExtractInput } from '../types.js';
import type { SourcedResult } from '../any.js';
import { AttachmentError, type AttachmentKind } from './types.js';
import type { AttachmentOptions } from './index.js';

export interface SandboxLimits {
  /** V8 heap of the worker, MB (old generation) */
  memoryMb: number;
  /** most time one file may take, ms (files read with OCR get `ocrTimeoutMs`) */
  timeoutMs: number;
  ocrTimeoutMs: number;
}

export const SANDBOX_LIMITS: SandboxLimits = { memoryMb: 512, timeoutMs: 180_000, ocrTimeoutMs: 1_800_000 };

const entry = new URL('./sandboxWorker.ts', import.meta.url);
const bootUrl = new URL('./sandboxWorkerBoot.mjs', import.meta.url);

type Reply = { id: number; result: SourcedResult } | { id: number; error: string; attachment: boolean; kind: AttachmentKind | null };

export class ExtractionSandbox {
  private worker: Worker | null = null;
  private next = 0;
  private chain: Promise<unknown> = Promise.resolve();
  readonly limits: SandboxLimits;

  constructor(limits: Partial<SandboxLimits> = {}) {
    this.limits = { ...SANDBOX_LIMITS, ...limits };
  }

  /** Extracts one page or attachment in the worker; calls are served one at a time, in order. */
  extract(input: ExtractInput, opts: AttachmentOptions = {}): Promise<SourcedResult> {
    const p = this.chain.then(() => this.runOne(input, opts));
    this.chain = p.catch(() => undefined);
    return p;
  }

  private spawn(): Worker {
    const start = workerStart(entry, bootUrl);
    const w = new Worker(start.url, {
      execArgv: start.execArgv,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb, maxYoungGenerationSizeMb: 64 },
      stdout: false, stderr: false,
    });
    w.unref();
    // an idle worker that dies (it failed to load) is simply replaced; a file in flight is told by runOne
    w.on('error', () => undefined);
    w.on('exit', () => { if (this.worker === w) this.worker = null; });
    return w;
  }

  private runOne(input: ExtractInput, opts: AttachmentOptions): Promise<SourcedResult> {
    const w = (this.worker ??= this.spawn());
    const id = ++this.next;
    const ms = opts.ocr ? this.limits.ocrTimeoutMs : this.limits.timeoutMs;
    const what = input.url ?? 'the file';
    return new Promise<SourcedResult>((resolve, reject) => {
      const done = (): void => { clearTimeout(timer); w.off('message', onMessage); w.off('error', onError); w.off('exit', onExit); };
      // the worker is gone: the next file gets a fresh one
      const kill = (e: Error): void => { done(); this.worker = null; void w.terminate(); reject(e); };
      const timer = setTimeout(() => kill(new AttachmentError(`extraction of ${what} took over ${ms / 1000} s and was stopped`)), ms);
      const onMessage = (m: Reply): void => {
        if (m.id !== id) return;
        done();
        if ('result' in m) resolve(m.result);
        else reject(m.attachment ? new AttachmentError(m.error, m.kind) : new Error(m.error));
      };
      const onError = (e: Error & { code?: string }): void => {
        kill(e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new AttachmentError(`extraction of ${what} ran out of memory (over the ${this.limits.memoryMb} MB heap limit) and was stopped`)
          : new AttachmentError(`extraction of ${what} crashed its worker: ${e.message}`));
      };
      const onExit = (code: number): void => kill(new AttachmentError(`extraction of ${what} ended its worker (exit code ${code})`));
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ id, input: { ...input, bytes: new Uint8Array(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength) }, opts });
    });
  }

  /** Starts the worker now (it takes a moment to load the readers), so the first file does not wait for it. */
  warm(): void {
    this.worker ??= this.spawn();
  }

  /** Stops the worker (after the files in flight). */
  async close(): Promise<void> {
    await this.chain;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
