/**
 * The operator's command-line tools run in their own process against the test stack's database,
 * as an operator runs them; compiled once per run (see compiled.ts) instead of through tsx.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { stack } from './stack.ts';
import { compiled } from './compiled.ts';
import { projectRoot } from '../../src/config.ts';

const run = promisify(execFile);

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Exit code and output of the tool `entry` (e.g. 'src/cli/privacy.ts') with these arguments (a failure is returned, not thrown). */
export async function toolCli(entry: string, args: string[], env: Record<string, string> = {}): Promise<ToolRun> {
  const s = await stack();
  try {
    const r = await run(process.execPath, [await compiled(entry), ...args], {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: 'test', MONGODB_URI: s.engine.uri, PATHWISE_SECRET: 'test-secret-'.padEnd(48, 'x'), ...env },
      maxBuffer: 20 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== 'number') throw err; // not an exit code: the process could not run
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** `npm run platform -- …` (src/cli/platform.ts). */
export const platformCli = (args: string[]): Promise<ToolRun> => toolCli('src/cli/platform.ts', args);
