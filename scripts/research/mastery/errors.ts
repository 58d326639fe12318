/** A problem with the user's input or flags: printed to stderr, exit code 2, nothing on stdout. */
export class CliError extends Error {}

/** Where output goes; `write` resolves when the sink can take more (backpressure). */
export interface Out {
  write(chunk: string): Promise<void>;
}
