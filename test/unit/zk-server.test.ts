// The standalone server on the simulation kernel, driven by raw wire messages (interaction tests): the
// handshake (timeout negotiation, new session as a txn, reconnect with password, takeover, refusal of a
// client ahead of the server), zxids (every write consumes one, failed or not), replies only after the
// fsync covering them (ACK after fsync, group commit), reads behind the session's writes, watch
// notifications before the reply that shows the change, session expiry deleting ephemerals, multi result
// encoding, durability of acknowledged writes across a crash, and halting on a failed log write.
import { describe, expect, it } from 'vitest';
import type { HostId } from '../../src/base/index.ts';
import { Simulation } from '../../src/sim/index.ts';
import { CREATE_MODE_FLAGS, OPEN_ACL_UNSAFE } from '../../src/zk/protocol/index.ts';
import type { ClientRequest, ServerMessage, WireMessage } from '../../src/zk/protocol/index.ts';
import { StandaloneServer, serverConfig, zkStorage } from '../../src/zk/server/index.ts';
import type { ServerConfig } from '../../src/zk/server/index.ts';
import { sessionPassword } from '../../src/zk/session/index.ts';
import { digestId } from '../../src/zk/tree/index.ts';
import { RawZkClient } from '../support/raw-zk-client.ts';
import type { RawCall } from '../support/raw-zk-client.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined): string | null => (b == null ? null : new TextDecoder().decode(b));

interface World {
  sim: Simulation<WireMessage, string, RawCall>;
  server: HostId;
  servers: StandaloneServer[];
  clients: RawZkClient[];
  ids: HostId[];
}

function world(nClients: number, config: Partial<ServerConfig> = {}, fsyncMicros = 1_000): World {
  const sim = new Simulation<WireMessage, string, RawCall>({
    seed: 1, network: { latency: { kind: 'constant', micros: 100 } },
    disk: { fsyncLatency: { kind: 'constant', micros: fsyncMicros }, writeLatency: { kind: 'constant', micros: 10 } },
  });
  const servers: StandaloneServer[] = [];
  const server = sim.addHost('zk1', (env) => {
    const s = new StandaloneServer(env, serverConfig({ serverId: 1, tickTimeMs: 2000, ...config }), zkStorage);
    servers.push(s);
    return s;
  });
  const clients: RawZkClient[] = [];
  const ids: HostId[] = [];
  for (let i = 0; i < nClients; i++) {
    ids.push(sim.addHost(`c${i}`, (env) => {
      const c = new RawZkClient(env, server, () => sim.now);
      clients.push(c);
      return c;
    }));
  }
  for (const id of sim.hostIds()) sim.start(id);
  return { sim, server, servers, clients, ids };
}

const at = (w: World, t: number, client: number, call: RawCall): void => w.sim.at(t, () => w.sim.inject(w.ids[client] as HostId, call));
const req = (request: ClientRequest, xid?: number): RawCall => ({ kind: 'request', request, ...(xid === undefined ? {} : { xid }) });
const create = (path: string, data = '', flags = 0): ClientRequest => ({ op: 'create', path, data: bytes(data), acl: OPEN_ACL_UNSAFE, flags });
function connected(c: RawZkClient): Extract<ServerMessage, { type: 'connected' }> {
  const m = c.received.map((r) => r.msg).find((x) => x.type === 'connected');
  if (m?.type !== 'connected') throw new Error('no connect response');
  return m;
}

describe('standalone server: sessions', () => {
  it('creates a session as a txn, with the timeout clamped to [2, 20] ticks', async () => {
    const w = world(2);
    at(w, 0, 0, { kind: 'connect', timeoutMs: 1000 });
    at(w, 0, 1, { kind: 'connect', timeoutMs: 999_999 });
    await w.sim.run({ untilMicros: 100_000 });
    const a = connected(w.clients[0] as RawZkClient);
    const b = connected(w.clients[1] as RawZkClient);
    expect([a.timeoutMs, b.timeoutMs]).toEqual([4000, 40_000]);
    expect(Math.floor(a.sessionId / 2 ** 40)).toBe(1); // server id in the top bits
    expect(b.sessionId).toBe(a.sessionId + 1);
    expect(a.passwd).toBe(sessionPassword(a.sessionId));
    expect(w.servers[0]?.inspect?.tree.lastProcessedZxid).toBe(2); // two createSession txns
  });

  it('reconnects with the right password (taking the session over), refuses a wrong one with timeout 0', async () => {
    const w = world(3);
    at(w, 0, 0, { kind: 'connect' });
    await w.sim.run({ untilMicros: 50_000 });
    const first = connected(w.clients[0] as RawZkClient);
    at(w, 60_000, 1, { kind: 'connect', sessionId: first.sessionId, passwd: first.passwd, lastZxidSeen: 1 });
    at(w, 60_000, 2, { kind: 'connect', sessionId: first.sessionId, passwd: 'wrong' });
    await w.sim.run({ untilMicros: 200_000 });
    expect(connected(w.clients[1] as RawZkClient)).toMatchObject({ sessionId: first.sessionId, timeoutMs: 10_000 });
    expect(connected(w.clients[2] as RawZkClient).timeoutMs).toBe(0);
    expect(w.clients[0]?.closed).toHaveLength(1); // the old connection was closed by the takeover
    expect(w.clients[2]?.closed).toHaveLength(1);
  });

  it('refuses a client that has seen a zxid the server has not', async () => {
    const w = world(1);
    at(w, 0, 0, { kind: 'connect', lastZxidSeen: 5 });
    await w.sim.run({ untilMicros: 50_000 });
    expect(w.clients[0]?.received).toEqual([]);
    expect(w.clients[0]?.closed).toHaveLength(1);
  });

  it('expires a silent session between T and T + tick, deleting its ephemerals and notifying watchers', async () => {
    const w = world(2);
    at(w, 0, 0, { kind: 'connect', timeoutMs: 4000 });
    at(w, 0, 1, { kind: 'connect', timeoutMs: 40_000 });
    at(w, 10_000, 0, req(create('/e', 'x', CREATE_MODE_FLAGS.EPHEMERAL)));
    at(w, 20_000, 1, req({ op: 'exists', path: '/e', watch: true }));
    at(w, 30_000, 0, { kind: 'hangUp' });
    at(w, 1_000_000, 1, req({ op: 'ping' }, -2));
    at(w, 3_000_000, 1, req({ op: 'ping' }, -2));
    await w.sim.run({ untilMicros: 7_000_000 });
    const watcher = w.clients[1] as RawZkClient;
    const note = watcher.received.find((r) => r.msg.type === 'notification');
    expect(note?.msg).toMatchObject({ event: { type: 'NodeDeleted', path: '/e' } });
    // Last touched at 10 ms: expires at the first 2 s tick boundary after 4.01 s, i.e. 6 s (plus delivery).
    expect(note?.atMicros).toBeGreaterThanOrEqual(6_000_000);
    expect(note?.atMicros).toBeLessThan(6_100_000);
    expect(w.servers[0]?.inspect?.tree.node('/e')).toBeUndefined();
  });
});

describe('standalone server: writes', () => {
  it('answers a write only after its fsync; every write, failed or not, consumes a zxid', async () => {
    const w = world(1, {}, 50_000);
    at(w, 0, 0, { kind: 'connect' });
    at(w, 100_000, 0, req(create('/a', 'v1')));
    at(w, 100_000, 0, req(create('/a', 'again')));
    at(w, 100_000, 0, req({ op: 'getData', path: '/a', watch: false }));
    at(w, 100_000, 0, req(create('/b')));
    await w.sim.run({ untilMicros: 1_000_000 });
    const c = w.clients[0] as RawZkClient;
    const replies = c.replies();
    expect(replies.map((r) => [r.xid, r.err, r.zxid])).toEqual([[1, 'OK', 2], [2, 'NODEEXISTS', 3], [3, 'OK', 3], [4, 'OK', 4]]);
    const times = c.received.filter((r) => r.msg.type === 'reply').map((r) => r.atMicros);
    expect(times[0]).toBeGreaterThanOrEqual(150_000); // after the 50 ms fsync
    expect(times[3]).toBeGreaterThanOrEqual(200_000); // the read waited; /b came in the next group commit
    const read = replies[2]?.response;
    expect(read?.op === 'getData' ? text(read.data) : undefined).toBe('v1');
  });

  it('sends a watch notification before the reply that shows the change, on every connection', async () => {
    const w = world(2);
    at(w, 0, 0, { kind: 'connect' });
    at(w, 0, 1, { kind: 'connect' });
    at(w, 10_000, 0, req(create('/n', 'a')));
    at(w, 20_000, 0, req({ op: 'getData', path: '/n', watch: true }));
    at(w, 20_000, 1, req({ op: 'getData', path: '/n', watch: true }));
    at(w, 30_000, 1, req({ op: 'setData', path: '/n', data: bytes('b'), version: 0 }));
    await w.sim.run({ untilMicros: 100_000 });
    const writer = (w.clients[1] as RawZkClient).received.map((r) => r.msg.type);
    expect(writer.slice(-2)).toEqual(['notification', 'reply']);
    const other = (w.clients[0] as RawZkClient).received.map((r) => r.msg);
    expect(other[other.length - 1]).toMatchObject({ type: 'notification', zxid: -1, event: { type: 'NodeDataChanged', path: '/n' } });
  });

  it('encodes a failed multi as OK..., the culprit, RUNTIMEINCONSISTENCY..., changing nothing', async () => {
    const w = world(1);
    at(w, 0, 0, { kind: 'connect' });
    at(w, 10_000, 0, req({ op: 'multi', ops: [create('/m1') as never, create('/m1/x') as never, { op: 'delete', path: '/zz', version: -1 }, create('/m2') as never] }));
    at(w, 20_000, 0, req({ op: 'exists', path: '/m1', watch: false }));
    await w.sim.run({ untilMicros: 100_000 });
    const [multi, exists] = (w.clients[0] as RawZkClient).replies();
    expect(multi).toMatchObject({ err: 'OK', zxid: 2 });
    expect(multi?.response).toEqual({ op: 'multi', results: [
      { op: 'error', code: 'OK' }, { op: 'error', code: 'OK' }, { op: 'error', code: 'NONODE' }, { op: 'error', code: 'RUNTIMEINCONSISTENCY' },
    ] });
    expect(exists?.err).toBe('NONODE');
  });
});

describe('standalone server: durability', () => {
  it('keeps every acknowledged write across a crash and restart, wherever the crash falls', async () => {
    for (let k = 0; k < 25; k++) {
      const crashAt = 10_000 + k * 1_370;
      const w = world(1, {}, 5_000);
      at(w, 0, 0, { kind: 'connect' });
      for (let i = 0; i < 40; i++) at(w, 5_000 + i * 1_000, 0, req(create(`/k${i}`, `v${i}`)));
      w.sim.at(crashAt, () => w.sim.crash(w.server));
      w.sim.at(crashAt + 20_000, () => w.sim.restart(w.server));
      await w.sim.run({ untilMicros: 200_000 });
      const acked = (w.clients[0] as RawZkClient).replies().filter((r) => r.xid > 0 && r.err === 'OK').length;
      expect(acked, `crash at ${crashAt}`).toBeLessThan(40);
      const tree = w.servers[1]?.inspect?.tree;
      for (let i = 0; i < acked; i++) expect(text(tree?.node(`/k${i}`)?.data), `crash at ${crashAt}, /k${i}`).toBe(`v${i}`);
    }
  });

  it('halts when the log cannot be written, as ZooKeeper exits', async () => {
    const w = world(1);
    at(w, 0, 0, { kind: 'connect' });
    w.sim.at(20_000, () => w.sim.disk(w.server).setCapacityBytes(0));
    at(w, 30_000, 0, req(create('/full', 'x')));
    await w.sim.run({ untilMicros: 100_000 });
    expect(w.servers[0]?.haltReason).toMatch(/append of log\.1 failed: ENOSPC/);
    expect((w.clients[0] as RawZkClient).closed).toHaveLength(1);
  });
});

describe('standalone server: reaping and snapshots', () => {
  it('reaps a container once emptied (never before it had a child) and a TTL node idle past its TTL', async () => {
    const w = world(1, { containerCheckIntervalMs: 100 });
    at(w, 0, 0, { kind: 'connect' });
    at(w, 10_000, 0, req(create('/never', '', CREATE_MODE_FLAGS.CONTAINER)));
    at(w, 10_000, 0, req(create('/used', '', CREATE_MODE_FLAGS.CONTAINER)));
    at(w, 10_000, 0, req(create('/used/c')));
    at(w, 10_000, 0, req({ ...create('/ttl', '', CREATE_MODE_FLAGS.PERSISTENT_WITH_TTL), ttlMs: 500 } as ClientRequest));
    at(w, 150_000, 0, req({ op: 'delete', path: '/used/c', version: -1 }));
    await w.sim.run({ untilMicros: 140_000 });
    const tree = (): ReturnType<() => StandaloneServer['inspect']> => w.servers[0]?.inspect;
    expect(tree()?.tree.node('/used')).toBeDefined();
    await w.sim.run({ untilMicros: 400_000 });
    expect(tree()?.tree.node('/used')).toBeUndefined(); // emptied, then reaped at the next check
    expect(tree()?.tree.node('/never')).toBeDefined(); // never had a child: kept
    expect(tree()?.tree.node('/ttl')).toBeDefined();
    await w.sim.run({ untilMicros: 800_000 });
    expect(tree()?.tree.node('/ttl')).toBeUndefined();
  });

  it('rolls the log and snapshots after about snapCount txns, and recovers the very same tree', async () => {
    const run = async (crash: boolean): Promise<World> => {
      const w = world(1, { snapCount: 10 });
      at(w, 0, 0, { kind: 'connect' });
      for (let i = 0; i < 30; i++) at(w, 10_000 + i * 5_000, 0, req(create(`/s${i}`, `v${i}`)));
      if (crash) {
        w.sim.at(200_000, () => w.sim.crash(w.server));
        w.sim.at(210_000, () => w.sim.restart(w.server));
      }
      await w.sim.run({ untilMicros: 300_000 });
      return w;
    };
    const crashed = await run(true);
    const files = crashed.sim.disk(crashed.server).list();
    expect(files.filter((f) => f.startsWith('snapshot.')).length).toBeGreaterThanOrEqual(3);
    expect(files.filter((f) => f.startsWith('log.')).length).toBeGreaterThanOrEqual(4);
    const recovered = crashed.servers[1]?.inspect?.tree;
    expect(recovered?.lastProcessedZxid).toBe(31);
    for (let i = 0; i < 30; i++) expect(text(recovered?.node(`/s${i}`)?.data)).toBe(`v${i}`);
    const uninterrupted = (await run(false)).servers[0]?.inspect?.tree;
    expect(recovered?.digest()).toBe(uninterrupted?.digest());
  });
});

describe('standalone server: intake', () => {
  it('answers pings in order, closes connections that skip the handshake or exceed jute.maxbuffer', async () => {
    const w = world(3, { juteMaxBufferBytes: 1_000 });
    at(w, 0, 0, { kind: 'connect' });
    at(w, 10_000, 0, req({ op: 'ping' }, -2));
    at(w, 0, 1, { kind: 'connect' });
    at(w, 10_000, 1, req({ op: 'setData', path: '/zookeeper', data: new Uint8Array(2_000), version: -1 }));
    // A request on a connection whose handshake never happened closes it.
    at(w, 0, 2, { kind: 'openOnly' });
    at(w, 0, 2, { kind: 'send', msg: { type: 'request', xid: 1, request: { op: 'ping' } } });
    await w.sim.run({ untilMicros: 100_000 });
    expect((w.clients[0] as RawZkClient).replies()).toMatchObject([{ xid: -2, err: 'OK' }]);
    expect((w.clients[1] as RawZkClient).replies()).toEqual([]);
    expect((w.clients[1] as RawZkClient).closed).toHaveLength(1);
    expect((w.clients[2] as RawZkClient).received).toEqual([]);
    expect((w.clients[2] as RawZkClient).closed).toHaveLength(1);
  });

  it('grants access by digest auth, super by the super digest, and fails unknown schemes with AUTHFAILED', async () => {
    const w = world(3, { superDigest: digestId('super:secret') });
    const digestAcl = [{ perms: 31, id: { scheme: 'digest', id: digestId('alice:pw') } }];
    for (const c of [0, 1, 2]) at(w, 0, c, { kind: 'connect' });
    at(w, 10_000, 0, req({ op: 'auth', scheme: 'digest', auth: 'alice:pw' }, -4));
    at(w, 10_000, 0, req({ op: 'create', path: '/priv', data: bytes('s'), acl: digestAcl, flags: 0 }));
    at(w, 20_000, 1, req({ op: 'getData', path: '/priv', watch: false }));
    at(w, 20_000, 1, req({ op: 'auth', scheme: 'digest', auth: 'super:secret' }, -4));
    at(w, 20_000, 1, req({ op: 'getData', path: '/priv', watch: false }));
    at(w, 20_000, 2, req({ op: 'auth', scheme: 'kerberos', auth: 'x' }, -4));
    await w.sim.run({ untilMicros: 100_000 });
    expect((w.clients[0] as RawZkClient).replies().map((r) => [r.xid, r.err])).toEqual([[-4, 'OK'], [1, 'OK']]);
    expect((w.clients[1] as RawZkClient).replies().map((r) => [r.xid, r.err])).toEqual([[1, 'NOAUTH'], [-4, 'OK'], [2, 'OK']]);
    expect((w.clients[2] as RawZkClient).replies().map((r) => [r.xid, r.err])).toEqual([[-4, 'AUTHFAILED']]);
    expect((w.clients[2] as RawZkClient).closed).toHaveLength(1);
  });
});

describe('standalone server: notification filtering (CVE-2024-23944, in Debian 3.8.0 too)', () => {
  it('drops a notification for a connection without READ on the node, consuming its watch all the same', async () => {
    const w = world(2);
    const secret = [{ perms: 31, id: { scheme: 'digest', id: digestId('owner:pw') } }];
    at(w, 0, 0, { kind: 'connect' });
    at(w, 0, 1, { kind: 'connect' });
    at(w, 10_000, 0, req({ op: 'auth', scheme: 'digest', auth: 'owner:pw' }, -4));
    at(w, 10_000, 0, req({ op: 'create', path: '/s', data: bytes('1'), acl: OPEN_ACL_UNSAFE, flags: 0 }));
    at(w, 20_000, 1, req({ op: 'exists', path: '/s', watch: true }));
    at(w, 30_000, 0, req({ op: 'setACL', path: '/s', acl: secret, version: -1 }));
    at(w, 40_000, 0, req({ op: 'setData', path: '/s', data: bytes('2'), version: -1 }));
    at(w, 50_000, 0, req({ op: 'setACL', path: '/s', acl: OPEN_ACL_UNSAFE, version: -1 }));
    at(w, 60_000, 0, req({ op: 'setData', path: '/s', data: bytes('3'), version: -1 }));
    await w.sim.run({ untilMicros: 100_000 });
    // The first change came while the watcher lacked READ: dropped, and the one-shot watch is gone, so
    // the second change (readable again) notifies nobody either.
    expect((w.clients[1] as RawZkClient).received.filter((r) => r.msg.type === 'notification')).toEqual([]);
  });
});

