/**
 * CLI entry: `npm run --silent mastery -- <command> [options]`. JSON/CSV on stdout, errors on
 * stderr, exit code 2 for bad input (see scripts/research/mastery/run.ts).
 */
import { runMasteryCli } from './research/mastery/run.ts';

// A closed pipe (e.g. `| head`) ends output quietly instead of crashing.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const out = {
  write: (chunk: string): Promise<void> =>
    new Promise((resolve) => {
      if (process.stdout.write(chunk)) resolve();
      else process.stdout.once('drain', () => resolve());
    }),
};

process.exitCode = await runMasteryCli(process.argv.slice(2), out, (t) => process.stderr.write(t));
