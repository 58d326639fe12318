/**
 * The secret Pathwise signs sessions and derives its keys from. Its own module so the operator's
 * command-line tools (src/cli) can read it without loading the web application.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, type Config } from './config.ts';

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
