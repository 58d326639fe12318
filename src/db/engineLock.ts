/**
 * One Pathwise process per embedded engine. A lock file in the engine's data directory names the
 * Pathwise process that owns it, the engine's pid and port. At start:
 * - the owner is alive (and is not us): refuse, with what to do (the embedded engine's updates
 *   are atomic only with one writer, see concurrency.ts);
 * - the owner is gone but its engine still runs (Pathwise was killed with SIGKILL): stop that
 *   orphaned engine, checking first that the pid really is a FerretDB process;
 * then take the lock. The lock is rewritten whenever the supervisor restarts the engine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger.ts';

export interface LockInfo {
  pathwisePid: number;
  enginePid?: number;
  port?: number;
}

export class EngineLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `Another Pathwise process (pid ${pid}) is using the embedded database in ${dir}. ` +
        'Stop that process first, or give this one another DATA_DIR (two processes on one embedded engine could double-count answers).',
    );
    this.name = 'EngineLockedError';
  }
}

export function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a process (Linux /proc); '' where unknown. */
function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

export class EngineLock {
  private readonly file: string;

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {
    this.file = path.join(dir, 'pathwise.lock');
  }

  read(): LockInfo | undefined {
    if (!existsSync(this.file)) return undefined;
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as LockInfo;
    } catch {
      return undefined;
    }
  }

  /** Refuses when another live Pathwise owns the directory; stops an orphaned engine; takes the lock. */
  async acquire(): Promise<void> {
    const held = this.read();
    if (held && held.pathwisePid !== process.pid && alive(held.pathwisePid)) throw new EngineLockedError(this.dir, held.pathwisePid);
    if (held?.enginePid && alive(held.enginePid)) {
      const cmd = commandOf(held.enginePid);
      if (/ferretdb|mongod/.test(cmd)) {
        this.log.warn(
          { pid: held.enginePid, port: held.port },
          'database: stopping an orphaned engine left by a Pathwise process that was killed',
        );
        process.kill(held.enginePid, 'SIGTERM');
        if (!(await waitGone(held.enginePid, 5_000))) {
          process.kill(held.enginePid, 'SIGKILL');
          await waitGone(held.enginePid, 5_000);
        }
      }
    }
    await this.write({ pathwisePid: process.pid });
  }

  async write(info: LockInfo): Promise<void> {
    await writeFile(this.file, JSON.stringify(info), { mode: 0o600 });
  }

  async release(): Promise<void> {
    if (this.read()?.pathwisePid === process.pid) await rm(this.file, { force: true });
  }
}
