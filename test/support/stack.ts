/**
 * The real stack for integration tests, started once per test run and shared (ltijs and mongoose
 * use one default connection per process): the embedded engine on a fresh temporary directory and
 * free port, Pathwise on http://localhost:<port>, and the sandbox LMS on http://127.0.0.1:<port>
 * (another site, as in production), with Pathwise registered in both flavours through Dynamic
 * Registration. Stopped by the root hook in hooks.ts: no orphan processes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import mongoose from 'mongoose';
import { createApp, type Pathwise } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { disconnectDatabase } from '../../src/db/connection.ts';
import { freePort, startEngine, type Engine } from '../../src/db/engine.ts';
import { createLogger } from '../../src/logger.ts';
import { createInvite } from '../../src/repositories/registrations.ts';
import { startSandbox, type Flavour, type Sandbox } from '../../scripts/sandbox/index.ts';

export interface Stack {
  dataDir: string;
  config: Config;
  engine: Engine;
  pathwise: Pathwise;
  toolUrl: string;
  sandbox: Sandbox;
  sandboxUrl: string;
  db: mongoose.mongo.Db;
  /** Stops the tool and its engine and starts them again on the same data (the sandbox keeps running). */
  restartTool(): Promise<void>;
  stop(): Promise<void>;
}

let starting: Promise<Stack> | undefined;

async function listen(app: Pathwise['app'], port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

async function start(): Promise<Stack> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pathwise-test-'));
  const [toolPort, sandboxPort] = [await freePort(), await freePort()];
  const toolUrl = `http://localhost:${toolPort}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const config = loadConfig({ NODE_ENV: 'test' }, { publicUrl: toolUrl, port: toolPort, dataDir });
  const { engine, pathwise, server } = await startTool(config, dataDir);
  const sb = await startSandbox({ baseUrl: sandboxUrl, port: sandboxPort, host: '127.0.0.1', settings: { requireConfigToken: true } });
  for (const flavour of ['canvas', 'moodle'] as Flavour[]) {
    // As an operator would: a one-time invite link, given to the LMS as its registration URL.
    const { token } = await createInvite({ label: `sandbox ${flavour}`, expiresInMs: 600_000 });
    const { url } = sb.sandbox.beginRegistration(flavour, `${toolUrl}/lti/register/${token}`);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`registration with the ${flavour} sandbox failed: ${res.status} ${await res.text()}`);
  }
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  let running = { engine, pathwise, server };
  const stopTool = async () => {
    await new Promise<void>((r) => running.server.close(() => r()));
    running.server.closeAllConnections();
    await running.pathwise.close();
    await disconnectDatabase();
    await running.engine.stop();
  };
  const s: Stack = {
    dataDir,
    config,
    engine,
    pathwise,
    toolUrl,
    sandbox: sb.sandbox,
    sandboxUrl,
    db,
    restartTool: async () => {
      await stopTool();
      running = await startTool(config, dataDir);
      Object.assign(s, { engine: running.engine, pathwise: running.pathwise, db: mongoose.connection.db });
    },
    stop: async () => {
      await sb.close();
      await stopTool();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return s;
}

/**
 * Everything the tool logs during the run, kept in memory (at debug level unless TEST_LOG_LEVEL
 * says otherwise) so a test can prove that no secret reaches the log (test/security/logs.test.ts).
 */
const captured: string[] = [];
let capturedBytes = 0;
const capture = new Writable({
  write(chunk, _enc, cb) {
    const line = String(chunk);
    if (capturedBytes < 50_000_000) {
      captured.push(line);
      capturedBytes += line.length;
    }
    if (process.env.TEST_LOG_LEVEL) process.stdout.write(line);
    cb();
  },
});

export function capturedLog(): string {
  return captured.join('');
}

/** The tool and its engine on `dataDir` (a restart reuses the same directory, hence the same data). */
async function startTool(config: Config, dataDir: string) {
  const log = createLogger(process.env.TEST_LOG_LEVEL || 'debug', capture);
  const engine = await startEngine({ dataDir, log, mongodbUri: process.env.TEST_MONGODB_URI });
  const pathwise = await createApp({
    config,
    log,
    mongoUri: engine.uri,
    // Command monitoring lets a test see every write a request makes (security helpers' `unchanged`).
    mongoOptions: { ...engine.clientOptions, monitorCommands: true },
    secret: 'test-secret-'.padEnd(48, 'x'),
  });
  const server = await listen(pathwise.app, config.port);
  return { engine, pathwise, server };
}

/** The shared stack (started on first use). */
export function stack(): Promise<Stack> {
  starting ??= start();
  return starting;
}

export async function stopStack(): Promise<void> {
  if (!starting) return;
  const s = await starting.catch(() => undefined);
  starting = undefined;
  await s?.stop();
}
