/**
 * The one error type of Pathwise's command-line tools (src/cli and the tools in scripts/), and
 * the one way they end: a problem with what the operator typed (flags, values, configuration, a
 * database that is not running) is a UsageError: its message goes to stderr with what to do,
 * exit code 2. Anything else is a bug: exit code 1.
 */
import { ConfigError } from '../config.ts';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** True when the operator can fix `err` by changing the command or the configuration. */
export function isUsageProblem(err: unknown): boolean {
  return err instanceof UsageError || err instanceof ConfigError || Boolean((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'));
}

/** Runs a tool's main function; on failure prints `tool: message` and exits 2 (usage) or 1 (bug). */
export function runTool(tool: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    // The message only, never a stack or the error object: a driver error may carry a connection string.
    process.stderr.write(`${tool}: ${(err as Error).message}\n`);
    process.exit(isUsageProblem(err) ? 2 : 1);
  });
}
