// Persistence under crashes, end to end on the kernel: random write workloads (creates, setData, multis)
// against a standalone server that loses power at a random moment (sometimes with a torn log tail) and
// restarts. After recovery the tree must be exactly the tree after some prefix of the txns the server
// logged: nothing unacknowledged is half-applied (a multi is all there or not at all), and that prefix
// covers every write the client saw acknowledged, so nothing acknowledged is lost.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/sim/index.ts';
import { OPEN_ACL_UNSAFE } from '../../src/zk/protocol/index.ts';
import type { ClientRequest, MultiOp, Txn, WireMessage } from '../../src/zk/protocol/index.ts';
import { StandaloneServer, serverConfig, zkStorage } from '../../src/zk/server/index.ts';
import type { ServerStorage } from '../../src/zk/server/index.ts';
import { DataTree } from '../../src/zk/tree/index.ts';
import { checkProperty } from '../support/property.ts';
import { RawZkClient } from '../support/raw-zk-client.ts';
import type { RawCall } from '../support/raw-zk-client.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const path = fc.constantFrom('/a', '/b', '/c', '/a/x', '/b/y');
const op: fc.Arbitrary<MultiOp> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), path, data: fc.constantFrom('1', '22').map(bytes), acl: fc.constant(OPEN_ACL_UNSAFE), flags: fc.constant(0) }),
  fc.record({ op: fc.constant('setData' as const), path, data: fc.constantFrom('3', '44').map(bytes), version: fc.constant(-1) }),
  fc.record({ op: fc.constant('delete' as const), path, version: fc.constant(-1) }),
);
const request: fc.Arbitrary<ClientRequest> = fc.oneof(op, fc.record({ op: fc.constant('multi' as const), ops: fc.array(op, { minLength: 1, maxLength: 3 }) }));

async function crashRun(requests: readonly ClientRequest[], crashAtMicros: number, torn: boolean, seed: number): Promise<void> {
  const logged: Txn[] = [];
  const storage: ServerStorage = { ...zkStorage, encodeLogRecord: (txn) => (logged.push(txn), zkStorage.encodeLogRecord(txn)) };
  const sim = new Simulation<WireMessage, string, RawCall>({
    seed, network: { latency: { kind: 'uniform', minMicros: 50, maxMicros: 300 } },
    disk: { fsyncLatency: { kind: 'uniform', minMicros: 500, maxMicros: 4_000 } },
  });
  const servers: StandaloneServer[] = [];
  const server = sim.addHost('zk', (env) => {
    const s = new StandaloneServer(env, serverConfig({ serverId: 1, snapCount: 8 }), storage);
    servers.push(s);
    return s;
  });
  let client: RawZkClient | undefined;
  const clientHost = sim.addHost('c', (env) => (client = new RawZkClient(env, server, () => sim.now)));
  sim.start(server);
  sim.start(clientHost);
  sim.inject(clientHost, { kind: 'connect' });
  requests.forEach((r, i) => sim.at(5_000 + i * 700, () => sim.inject(clientHost, { kind: 'request', request: r })));
  sim.at(crashAtMicros, () => {
    sim.disk(server).tornTailOnCrash = torn;
    sim.crash(server);
  });
  sim.at(crashAtMicros + 10_000, () => sim.restart(server));
  await sim.run({ untilMicros: crashAtMicros + 50_000 });
  const recovered = servers[1]?.inspect?.tree;
  expect(recovered).toBeDefined();
  // The zxid of the last acknowledged write: its txn and everything before it must have survived.
  const ackedZxid = Math.max(0, ...(client?.replies() ?? []).filter((r) => r.xid > 0).map((r) => r.zxid));
  const prefix = new DataTree();
  const digests = new Map<number, string>([[0, prefix.digest()]]);
  for (const txn of logged.filter((t, i) => logged.findIndex((u) => u.zxid === t.zxid) === i)) {
    prefix.apply(txn, []);
    digests.set(txn.zxid, prefix.digest());
  }
  const at = recovered?.lastProcessedZxid ?? -1;
  expect(at).toBeGreaterThanOrEqual(ackedZxid);
  expect(recovered?.digest()).toBe(digests.get(at));
}

describe('standalone server persistence under crashes', () => {
  it('recovers exactly a prefix of the logged txns that includes every acknowledged write', async () => {
    await checkProperty(fc.asyncProperty(
      fc.array(request, { minLength: 1, maxLength: 30 }), fc.integer({ min: 3_000, max: 30_000 }), fc.boolean(), fc.nat(1000),
      async (requests, crashAt, torn, seed) => crashRun(requests, crashAt, torn, seed),
    ), { numRuns: 150, file: import.meta.url });
  });
});
