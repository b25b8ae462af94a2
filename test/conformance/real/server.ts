// Starts and stops a real Apache ZooKeeper standalone server from the Debian package (toolchain.md
// section 7): bound to 127.0.0.1 on a free port, a temporary dataDir, the admin server off, a 4lw
// whitelist, the container check every 100 ms, TTL nodes enabled, and the super digest of
// SERVER_PROFILE. `zkServer.sh start-foreground` execs java, so the child's pid is the server's pid; stop()
// sends SIGTERM, waits, then SIGKILLs, and removes the dataDir. A process-exit hook kills any server still
// running, so an aborted test run leaves no java behind.
import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_PROFILE } from '../sequence.ts';

/** The Debian package's script; ZKSIM_ZK_SERVER_SCRIPT points elsewhere (another install, or none). */
export const ZK_SERVER_SCRIPT = process.env.ZKSIM_ZK_SERVER_SCRIPT ?? '/usr/share/zookeeper/bin/zkServer.sh';
export const HOST = '127.0.0.1';

export function zookeeperInstalled(): boolean {
  return existsSync(ZK_SERVER_SCRIPT);
}

/** The Debian package version (`3.8.0-11+deb12u2`), or 'unknown'. */
export function debianPackageVersion(): string {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'zookeeper'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export interface RealServer {
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  readonly dataDir: string;
  /** The version of `srvr`, e.g. `3.8.0`. */
  readonly version: string;
  /** The server's last zxid when it started serving (0 for a fresh dataDir). */
  readonly startZxid: bigint;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Sends a four-letter word and returns the whole answer ('' if the connection fails). */
export async function fourLetterWord(port: number, word: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: HOST, port });
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('connect', () => socket.write(word));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

function superDigest(): string {
  const { superUser, superPassword } = SERVER_PROFILE;
  const hash = createHash('sha1').update(`${superUser}:${superPassword}`).digest('base64');
  return `${superUser}:${hash}`;
}

function config(dataDir: string, port: number): string {
  return [
    `tickTime=${SERVER_PROFILE.tickTimeMs}`,
    `dataDir=${dataDir}`,
    `clientPort=${port}`,
    `clientPortAddress=${HOST}`,
    'admin.enableServer=false',
    '4lw.commands.whitelist=srvr,ruok,stat',
    `extendedTypesEnabled=${SERVER_PROFILE.extendedTypesEnabled}`,
    '',
  ].join('\n');
}

async function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChild(child: ChildProcess, dataDir: string): Promise<void> {
  try {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitExit(child, 5000))) {
        child.kill('SIGKILL');
        await waitExit(child, 5000);
      }
    }
  } finally {
    running.delete(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Starts a server and waits until it answers `ruok`; throws (after cleaning up) if it does not. */
export async function startServer(timeoutMs = 30000): Promise<RealServer> {
  installExitHook();
  const dataDir = mkdtempSync(join(tmpdir(), 'zksim-zk-'));
  const port = await freePort();
  const cfg = join(dataDir, 'zoo.cfg');
  writeFileSync(cfg, config(join(dataDir, 'data'), port));
  const child = spawn(ZK_SERVER_SCRIPT, ['start-foreground', cfg], {
    env: {
      ...process.env,
      JMXDISABLE: 'true',
      SERVER_JVMFLAGS: [
        `-Dznode.container.checkIntervalMs=${SERVER_PROFILE.containerCheckIntervalMs}`,
        `-Dzookeeper.DigestAuthenticationProvider.superDigest=${superDigest()}`,
        '-Xshare:auto',
        '-XX:TieredStopAtLevel=1',
        '-XX:+UseSerialGC',
      ].join(' '),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const pid = child.pid;
  try {
    if (pid === undefined) throw new Error(`could not spawn ${ZK_SERVER_SCRIPT}`);
    const deadline = Date.now() + timeoutMs;
    while ((await fourLetterWord(port, 'ruok', 500)) !== 'imok') {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`ZooKeeper exited (${child.exitCode ?? child.signalCode}) before answering ruok:\n${output}`);
      }
      if (Date.now() > deadline) throw new Error(`ZooKeeper did not answer ruok within ${timeoutMs} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // imok only says the process is up; srvr answers "not currently serving" until it serves.
    let srvr = await fourLetterWord(port, 'srvr');
    while (!srvr.includes('Mode: standalone')) {
      if (Date.now() > deadline) throw new Error(`ZooKeeper did not start serving within ${timeoutMs} ms:\n${srvr}`);
      await new Promise((r) => setTimeout(r, 20));
      srvr = await fourLetterWord(port, 'srvr');
    }
    const version = /Zookeeper version: ([0-9][0-9.]*)/.exec(srvr)?.[1] ?? 'unknown';
    const startZxid = BigInt(/Zxid: (0x[0-9a-f]+)/.exec(srvr)?.[1] ?? '-1');
    let stopped: Promise<void> | undefined;
    return {
      host: HOST,
      port,
      pid,
      dataDir,
      version,
      startZxid,
      stop: () => (stopped ??= stopChild(child, dataDir)),
    };
  } catch (e) {
    await stopChild(child, dataDir);
    throw e;
  }
}
