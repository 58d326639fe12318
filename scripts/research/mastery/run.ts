/**
 * Dispatch for `npm run --silent mastery -- <command> [options]`; returns the exit code so tests can
 * run the CLI in-process. Exit 2 for bad input or flags, 1 for unexpected failures.
 */
import { crossvalidateCommand, evaluateCommand, fitCommand, generateCommand, predictCommand } from './commands.ts';
import { UsageError } from '../../../src/cli/usage.ts';
import type { Out } from './out.ts';

const COMMANDS: Record<string, (argv: string[], out: Out) => Promise<void>> = {
  fit: fitCommand,
  predict: predictCommand,
  evaluate: evaluateCommand,
  crossvalidate: crossvalidateCommand,
  generate: generateCommand,
};

const USAGE = `usage: mastery <command> [options]
  fit --input FILE [--skills REGEX] [--forgets] [--multigs COL] [--multilearn COL] [--init FILE.json]
      [--iterations N] [--tol X] [--restarts K] [--seed S] [--workers N|auto]
  predict --input FILE --params FILE.json [--multigs COL] [--multilearn COL]
  evaluate --train FILE --test FILE [--metric auc|rmse|accuracy|logloss]... [fit options]
  crossvalidate --input FILE --folds K --seed S [--metric ...]... [fit options]
  generate --students N --length T --prior P --learn P --guess P --slip P [--forget P] [--seed S] [--skill NAME]
`;

export async function runMasteryCli(argv: string[], out: Out, err: (text: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  const run = command === undefined ? undefined : COMMANDS[command];
  if (!run) {
    err(`${command === undefined ? 'missing command' : `unknown command "${command}"`}\n${USAGE}`);
    return 2;
  }
  try {
    await run(rest, out);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`mastery ${command}: ${e.message}\n`);
      return 2;
    }
    err(`mastery ${command}: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
