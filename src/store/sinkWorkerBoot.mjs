// Boots the crawl's writing thread: registers tsx's TypeScript loader inside the thread
// (workers do not inherit the parent's loader), then runs the TypeScript worker.
import { register } from 'tsx/esm/api';
register();
await import('./sinkWorker.ts');
