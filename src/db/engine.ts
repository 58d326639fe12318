/**
 * Chooses and starts the database engine, in this order (the choice is logged):
 *   1. MONGODB_URI set       -> use it as is (production, Atlas, a replica set);
 *   2. `mongod` on the PATH  -> start it on a data directory;
 *   3. FerretDB 1.24 (SQLite) -> from the PATH or Go's bin directory, built with Go when absent;
 *   4. mongodb-memory-server-core -> downloads a real mongod where the internet is reachable.
 * Engines we start are child processes bound to 127.0.0.1 on a free port; `stop()` ends them and
 * an exit hook makes sure no orphan survives the parent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';
import type { Logger } from '../logger.ts';
import { findFerretDb, installFerretDb, ferretDbArgs } from './ferretdb.ts';
import { EngineLock } from './engineLock.ts';

export type EngineKind = 'external' | 'mongod' | 'ferretdb' | 'memory-server';

export interface Engine {
  kind: EngineKind;
  /** Connection string including the database name. */
  uri: string;
  /**
   * Driver options the engine needs. FerretDB 1.24 (SQLite) applies an update as read-modify-write
   * without isolation between connections: 50 concurrent `$inc` on one document from a pool of
   * connections left 8 (measured; see README). Operations on one connection are serial, so
   * against FerretDB Pathwise uses a single connection, which restores atomic single-document
   * updates for the one process that uses the embedded engine.
   */
  clientOptions: { maxPoolSize?: number };
  /** The engine process id while it runs (engines Pathwise started). */
  pid?(): number | undefined;
  /** How many times the supervisor restarted the engine. */
  restarts?(): number;
  stop(): Promise<void>;
}

export interface EngineOptions {
  mongodbUri?: string | undefined;
  /** Directory for the engine's files (kept across restarts by `npm start`). */
  dataDir: string;
  /** 0 = pick a free port. */
  port?: number;
  dbName?: string;
  log: Logger;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function onPath(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, cmd))) return path.join(dir, cmd);
  }
  return undefined;
}

async function waitUntilReady(uri: string, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`database engine exited with code ${child.exitCode}: ${output().slice(-2000)}`);
    const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 150));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new Error(`database engine did not answer within ${timeoutMs} ms: ${String(lastError)}; output: ${output().slice(-2000)}`);
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/** Fails with a clear message when a fixed port is taken (by something that is not our orphan). */
async function ensurePortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`The database port ${port} is already in use by another program. Stop it, or set DB_PORT to a free port.`)
          : err,
      ),
    );
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
}

/**
 * Starts an engine process and supervises it: if it exits while Pathwise runs, it is started
 * again on the same port and data (the driver reconnects by itself), with a growing pause
 * between restarts. The lock file always names the current engine pid.
 */
async function spawnEngine(
  kind: EngineKind,
  bin: string,
  args: string[],
  uri: string,
  port: number,
  lock: EngineLock,
  log: Logger,
): Promise<Engine> {
  const clientOptions = kind === 'ferretdb' ? { maxPoolSize: 1 } : {};
  let output = '';
  let stopping = false;
  let restarts = 0;
  let child: ChildProcess;
  const launch = (): ChildProcess => {
    const c = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(c);
    const keep = (b: Buffer) => {
      output = (output + b.toString()).slice(-20_000);
    };
    c.stdout?.on('data', keep);
    c.stderr?.on('data', keep);
    c.once('exit', (code, signal) => {
      children.delete(c);
      if (stopping || c !== child) return;
      restarts++;
      const pause = Math.min(5_000, 200 * 2 ** Math.min(restarts, 5));
      log.error({ kind, code, signal, restarts, pause }, 'database engine exited; restarting it');
      setTimeout(() => {
        if (stopping) return;
        child = launch();
      }, pause).unref();
    });
    void lock
      .write({ pathwisePid: process.pid, ...(c.pid ? { enginePid: c.pid } : {}), port })
      .catch((err: unknown) => log.warn({ err }, 'could not write the engine lock file'));
    return c;
  };
  child = launch();
  try {
    await waitUntilReady(uri, child, () => output);
  } catch (err) {
    stopping = true;
    child.kill('SIGKILL');
    await lock.release();
    throw err;
  }
  return {
    kind,
    uri,
    clientOptions,
    pid: () => (child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    restarts: () => restarts,
    stop: async () => {
      stopping = true;
      const c = child;
      if (c.exitCode === null && c.signalCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
          c.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          // A frozen (SIGSTOPped) engine must be woken to see SIGTERM.
          c.kill('SIGCONT');
          c.kill('SIGTERM');
        });
      }
      await lock.release();
    },
  };
}

/** Starts (or connects to) the engine chosen by the order in the header comment. */
export async function startEngine(opts: EngineOptions): Promise<Engine> {
  const { log } = opts;
  const dbName = opts.dbName ?? 'pathwise';
  if (opts.mongodbUri) {
    log.info({ engine: 'external' }, 'database: using MONGODB_URI');
    return { kind: 'external', uri: opts.mongodbUri, clientOptions: {}, stop: async () => undefined };
  }
  // One Pathwise per embedded engine; an engine orphaned by a killed Pathwise is stopped here.
  await mkdir(opts.dataDir, { recursive: true });
  const lock = new EngineLock(opts.dataDir, log);
  await lock.acquire();
  if (opts.port)
    await ensurePortFree(opts.port).catch(async (err: unknown) => {
      await lock.release();
      throw err;
    });
  const port = opts.port || (await freePort());
  const uri = `mongodb://127.0.0.1:${port}/${dbName}`;

  const mongod = onPath('mongod');
  if (mongod) {
    const dir = path.join(opts.dataDir, 'mongod');
    await mkdir(dir, { recursive: true });
    log.info({ engine: 'mongod', bin: mongod, port }, 'database: starting mongod from the PATH');
    return spawnEngine(
      'mongod',
      mongod,
      ['--dbpath', dir, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'],
      uri,
      port,
      lock,
      log,
    );
  }

  let ferret = await findFerretDb();
  if (!ferret)
    ferret = await installFerretDb(log).catch((err: unknown) => {
      log.warn({ err }, 'database: could not build FerretDB with Go');
      return undefined;
    });
  if (ferret) {
    const dir = path.join(opts.dataDir, 'ferretdb');
    await mkdir(dir, { recursive: true });
    log.info({ engine: 'ferretdb', bin: ferret, port }, 'database: starting FerretDB 1.24 (SQLite backend)');
    return spawnEngine('ferretdb', ferret, ferretDbArgs({ dataDir: dir, port }), uri, port, lock, log);
  }

  await lock.release();
  log.info({ engine: 'memory-server' }, 'database: no mongod, FerretDB or Go found; trying mongodb-memory-server (downloads mongod)');
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const dir = path.join(opts.dataDir, 'memory-server');
  await mkdir(dir, { recursive: true });
  const server = await MongoMemoryServer.create({ instance: { dbPath: dir, port, ip: '127.0.0.1', storageEngine: 'wiredTiger' } });
  return {
    kind: 'memory-server',
    uri: `${server.getUri().replace(/\/$/, '')}/${dbName}`,
    clientOptions: {},
    stop: async () => void (await server.stop()),
  };
}
