/**
 * Which server to try next (S/client/StaticHostProvider.java): the connect string's servers, shuffled
 * once at construction, then round robin. Coming back to the server of the last successful connection
 * (or, before any success, to the first one tried) after a full cycle asks for the 1 s spin delay; the
 * very first attempt never waits.
 */
import { assert } from '../../base/index.ts';
import type { HostId } from '../../base/index.ts';
import type { ZkRandom } from '../io.ts';

export const SPIN_DELAY_MS = 1_000;

export class HostProvider {
  /** In the shuffled order the client tries them. */
  readonly servers: readonly HostId[];
  private currentIndex = -1;
  private lastIndex = -1;

  constructor(servers: readonly HostId[], rng: ZkRandom) {
    assert(servers.length > 0, 'a client needs at least one server');
    assert(new Set(servers).size === servers.length, 'the connect string names each server once');
    this.servers = rng.shuffled(servers);
  }

  get size(): number {
    return this.servers.length;
  }

  /** The next server, and whether a full cycle has passed since the last success (spin first). */
  next(): { readonly host: HostId; readonly spin: boolean } {
    this.currentIndex = (this.currentIndex + 1) % this.servers.length;
    const spin = this.currentIndex === this.lastIndex;
    if (this.lastIndex === -1) this.lastIndex = 0;
    const host = this.servers[this.currentIndex];
    assert(host !== undefined, 'the index stays within the server list');
    return { host, spin };
  }

  /** A session was established on the current server: a full cycle now ends there. */
  onConnected(): void {
    assert(this.currentIndex >= 0, 'a connection follows a next()');
    this.lastIndex = this.currentIndex;
  }
}
