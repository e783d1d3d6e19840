// Boots the fault suite's extraction worker: registers tsx's loader inside the thread (workers
// do not inherit the parent's), then runs the TypeScript worker.
import { register } from 'tsx/esm/api';
register();
await import('./extract-worker.ts');
