/** The operator's platform CLI (`npm run platform -- …`) run in its own process against the test stack's database. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { stack } from './stack.ts';
import { projectRoot } from '../../src/config.ts';

const run = promisify(execFile);
const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');

/** Exit code and output of `src/cli/platform.ts` with these arguments (a failure is returned, not thrown). */
export async function platformCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const s = await stack();
  try {
    const r = await run(tsx, ['src/cli/platform.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: 'test', MONGODB_URI: s.engine.uri, PATHWISE_SECRET: 'test-secret-'.padEnd(48, 'x') },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
