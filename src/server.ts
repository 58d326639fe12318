/**
 * Runs Pathwise: configuration, database engine, app, HTTP server, graceful shutdown.
 * `startServer` is also used by `npm start` (scripts/dev/start.ts) next to the sandbox LMS.
 */
import type { Server } from 'node:http';
import path from 'node:path';
import { createApp, type Pathwise } from './app.ts';
import { projectRoot, type Config } from './config.ts';
import { disconnectDatabase } from './db/connection.ts';
import { startEngine, type Engine } from './db/engine.ts';
import type { Logger } from './logger.ts';
import { resolveSecret } from './secret.ts';

export interface Running {
  pathwise: Pathwise;
  engine: Engine;
  server: Server;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, log: Logger): Promise<Running> {
  const engine = await startEngine({
    mongodbUri: config.mongodbUri,
    dataDir: path.resolve(projectRoot, config.dataDir),
    port: config.dbPort,
    log,
  });
  const pathwise = await createApp({
    config,
    log,
    mongoUri: engine.uri,
    mongoOptions: engine.clientOptions,
    secret: resolveSecret(config),
    ...(config.dataKey ? { dataKey: config.dataKey } : {}),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = pathwise.app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  log.info({ url: config.publicUrl }, 'Pathwise is listening');
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await closeHttp(server, SHUTDOWN.drainMs);
      // The sender stops after its current call (bounded by the AGS time limit); the backlog stays in the database.
      await withDeadline(pathwise.close(), SHUTDOWN.workersMs, () =>
        log.warn('background workers still busy at shutdown; their leases will expire'),
      );
      await disconnectDatabase();
      await engine.stop();
    })());
  return { pathwise, engine, server, url: config.publicUrl, stop };
}

/**
 * Shutdown budget (SIGTERM to exit within 10 s, as orchestrators expect): in-flight requests get
 * `drainMs`, then every connection is closed; workers get `workersMs`; `hardExitMs` is the last resort.
 */
export const SHUTDOWN = { drainMs: 4_000, workersMs: 3_000, hardExitMs: 9_500 } as const;

/**
 * Stops accepting connections, closes idle keep-alive connections at once (and those that become
 * idle), lets in-flight requests finish, then closes whatever is left at the deadline.
 */
export async function closeHttp(server: Server, drainMs: number): Promise<void> {
  const closed = new Promise<void>((r) => server.close(() => r()));
  server.closeIdleConnections();
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  const deadline = new Promise<void>((r) => setTimeout(r, drainMs).unref());
  await Promise.race([closed, deadline]);
  clearInterval(idle);
  server.closeAllConnections();
  await closed;
}

async function withDeadline(p: Promise<void>, ms: number, late: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((r) => (timer = setTimeout(() => (late(), r()), ms)))]);
  clearTimeout(timer);
}

/** Stops cleanly on SIGINT/SIGTERM within SHUTDOWN.hardExitMs (ltijs's own SIGINT handler is never installed: we do not call deploy). */
export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  const handler = (signal: string) => {
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN.hardExitMs).unref();
    stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
