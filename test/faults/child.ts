/** Pathwise as a child process (src/main.ts, the product's entry) on its own data directory and ports. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/config.ts';

export interface Child {
  proc: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** The product's entry through tsx, as `npm start` runs it. */
const underTsx = ['--import', 'tsx', path.join(projectRoot, 'src', 'main.ts')];

/**
 * Starts Pathwise; `entry` is Node's arguments before the script's own: by default tsx on
 * src/main.ts, or `[await compiled('src/main.ts')]` (test/support/compiled.ts), which starts in a
 * fraction of the time on a busy machine.
 */
export function startPathwise(
  dataDir: string,
  port: number,
  dbPort: number,
  env: Record<string, string> = {},
  entry: string[] = underTsx,
): Child {
  const proc = spawn(process.execPath, entry, {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      DB_PORT: String(dbPort),
      DATA_DIR: dataDir,
      PUBLIC_URL: `http://localhost:${port}`,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { proc, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}

export async function ready(url: string): Promise<boolean> {
  return fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(3_000) }).then(
    (r) => r.status === 200,
    () => false,
  );
}

export const lockOf = (dir: string) =>
  JSON.parse(readFileSync(path.join(dir, 'pathwise.lock'), 'utf8')) as { pathwisePid: number; enginePid: number };
