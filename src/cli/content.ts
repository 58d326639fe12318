/**
 * CLI entry: `npm run --silent content -- import|validate ...` (see src/cli/content/run.ts).
 * Results go to stdout, diagnostics to stderr; exit code 2 when the input is invalid.
 */
import { runContentCli } from './content/run.ts';

process.exitCode = runContentCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
});
