/** One sweep worker thread: runs each seed it is sent and posts a SeedResult back. */
import { parentPort } from 'node:worker_threads';
import { runSeed } from './sweep-seed.ts';
import type { SeedRequest } from './sweep-seed.ts';

const port = parentPort;
if (port === null) throw new Error('sweep-worker runs in a worker thread');
port.on('message', (msg: SeedRequest | 'exit') => {
  if (msg === 'exit') {
    port.close();
    return;
  }
  void runSeed(msg).then((result) => port.postMessage(result));
});
