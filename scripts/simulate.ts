/**
 * CLI entry: `npm run --silent simulate -- --policy pathwise --students 1000 --seed 1 [--pack PATH]`.
 * Prints one JSON object on stdout (see scripts/simulation/index.ts for the definitions).
 */
import { runSimulateCli } from './simulation/cli.ts';

process.exitCode = runSimulateCli(
  process.argv.slice(2),
  (s) => process.stdout.write(s),
  (s) => process.stderr.write(s),
);
