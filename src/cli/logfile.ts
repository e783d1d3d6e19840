// Owns the log file of a command run on a terminal: JSON lines in storage/logs/, one file per
// run, so that the terminal shows only progress and the summary while nothing is lost.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function openLogFile(storageDir: string, name: string, now = new Date()): { path: string; stream: NodeJS.WritableStream; close(): Promise<void> } {
  const dir = join(storageDir, 'logs');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}-${now.toISOString().replace(/[:.]/g, '-')}-${process.pid}.jsonl`);
  const stream = createWriteStream(path, { flags: 'a' });
  return { path, stream, close: () => new Promise<void>((resolve) => stream.end(resolve)) };
}
