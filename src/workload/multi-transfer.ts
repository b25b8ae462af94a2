/**
 * multiTransfer: transactions. Accounts /acct/a, /acct/b, ... hold decimal balances. A transfer reads
 * two accounts and moves an amount with one multi: check(from) + setData(from) + setData(to), all at the
 * versions read, so it applies entirely or not at all and the total never changes. Readers read every
 * account at once (concurrent getData calls): reads of different znodes are not a snapshot, so a
 * reader's sum may be off mid-transfer; the total is checked from the op history (the multis that took
 * effect), not from these reads.
 */
import type { ZooKeeper } from '../cluster/index.ts';
import type { Workload, WorkloadContext } from './context.ts';
import { Handle } from './handle.ts';
import { tolerate } from './keeper.ts';
import { opLoop } from './op-loop.ts';
import { positive } from './options.ts';
import { startProgram } from './program.ts';
import { ensurePath, text } from './znodes.ts';

export interface MultiTransferOptions {
  readonly clients: number;
  readonly readers: number;
  readonly accounts: number;
  readonly initialBalance: number;
  readonly maxAmount: number;
  /** Per client. */
  readonly opsPerSecond: number;
  readonly sessionTimeoutMs: number;
}

export const MULTI_TRANSFER_DEFAULTS: MultiTransferOptions = {
  clients: 3, readers: 1, accounts: 4, initialBalance: 100, maxAmount: 10, opsPerSecond: 10, sessionTimeoutMs: 10_000,
};
const ROOT = '/acct';
const encoder = new TextEncoder();

export function multiTransfer(options: Partial<MultiTransferOptions> = {}): Workload {
  const o = { ...MULTI_TRANSFER_DEFAULTS, ...options };
  positive('multi-transfer', 'clients', o.clients);
  if (!(Number.isSafeInteger(o.accounts) && o.accounts >= 2 && o.accounts <= 26)) throw new Error('workload multi-transfer: accounts must be 2..26');
  const accounts = Array.from({ length: o.accounts }, (_, i) => `${ROOT}/${String.fromCharCode(97 + i)}`);
  return {
    name: 'multi-transfer',
    start(ctx) {
      for (let i = 1; i <= o.clients; i++) startProgram(ctx, `xfer${i}`, () => transferClient(ctx, o, accounts, `xfer${i}`));
      for (let i = 1; i <= o.readers; i++) startProgram(ctx, `auditor${i}`, () => readerClient(ctx, o, accounts, `auditor${i}`));
    },
  };
}

/** Creates every account with the initial balance (NODEEXISTS: another client did). */
async function openAccounts(zk: ZooKeeper, accounts: readonly string[], balance: number): Promise<void> {
  await ensurePath(zk, ROOT);
  for (const path of accounts) await tolerate(zk.create(path, `${balance}`), 'NODEEXISTS');
}

async function transferClient(ctx: WorkloadContext, o: MultiTransferOptions, accounts: readonly string[], client: string): Promise<void> {
  const handle = new Handle(ctx, client, o.sessionTimeoutMs);
  const rng = ctx.rng.fork(client);
  let opened = false;
  await opLoop(ctx, handle, rng, o.opsPerSecond, async (zk) => {
    if (!opened) {
      await openAccounts(zk, accounts, o.initialBalance);
      opened = true;
    }
    const [from, to] = rng.shuffled(accounts);
    await transfer(zk, from ?? '', to ?? '', rng.int(1, o.maxAmount));
  });
}

/** Moves `amount` from one account to another in one multi, at the versions read. */
async function transfer(zk: ZooKeeper, from: string, to: string, amount: number): Promise<void> {
  const a = await zk.getData(from);
  const b = await zk.getData(to);
  const balance = Number.parseInt(text(a.data), 10);
  if (balance < amount) return;
  await tolerate(zk.multi([
    { op: 'check', path: from, version: a.stat.version },
    { op: 'setData', path: from, data: encoder.encode(`${balance - amount}`), version: a.stat.version },
    { op: 'setData', path: to, data: encoder.encode(`${Number.parseInt(text(b.data), 10) + amount}`), version: b.stat.version },
  ]), 'BADVERSION');
}

async function readerClient(ctx: WorkloadContext, o: MultiTransferOptions, accounts: readonly string[], client: string): Promise<void> {
  const handle = new Handle(ctx, client, o.sessionTimeoutMs);
  await opLoop(ctx, handle, ctx.rng.fork(client), o.opsPerSecond, async (zk) => {
    await Promise.all(accounts.map((path) => tolerate(zk.getData(path), 'NONODE')));
  });
}
