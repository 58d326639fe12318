/**
 * Runs Pathwise: configuration, database engine, app, HTTP server, graceful shutdown.
 * `startServer` is also used by `npm start` (scripts/dev/start.ts) next to the sandbox LMS.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { createApp, type Pathwise } from './app.ts';
import { projectRoot, type Config } from './config.ts';
import { disconnectDatabase } from './db/connection.ts';
import { startEngine, type Engine } from './db/engine.ts';
import { createLogger, type Logger } from './logger.ts';

/** The configured secret, or (outside production) one generated once and kept in the data dir. */
export function resolveSecret(config: Config): string {
  if (config.secret) return config.secret;
  const dir = path.resolve(projectRoot, config.dataDir);
  const file = path.join(dir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export interface Running {
  pathwise: Pathwise;
  engine: Engine;
  server: Server;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, log: Logger): Promise<Running> {
  const engine = await startEngine({ mongodbUri: config.mongodbUri, dataDir: path.resolve(projectRoot, config.dataDir), port: config.dbPort, log });
  const pathwise = await createApp({ config, log, mongoUri: engine.uri, mongoOptions: engine.clientOptions, secret: resolveSecret(config), ...(config.dataKey ? { dataKey: config.dataKey } : {}) });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = pathwise.app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  log.info({ url: config.publicUrl }, 'Pathwise is listening');
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await pathwise.close();
      await disconnectDatabase();
      await engine.stop();
    })());
  return { pathwise, engine, server, url: config.publicUrl, stop };
}

/** Stops cleanly on SIGINT/SIGTERM (ltijs's own SIGINT handler is never installed: we do not call deploy). */
export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  const handler = (signal: string) => {
    log.info({ signal }, 'shutting down');
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
