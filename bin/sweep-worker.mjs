// A `zksim sweep` worker thread: registers tsx's loader, then runs the seeds it is handed
// (src/cli/sweep-worker.ts) and posts one result per seed.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/sweep-worker.ts');
