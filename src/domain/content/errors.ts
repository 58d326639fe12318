/** Typed errors of the content layer: callers branch on the class, and read every problem at once. */
import type { Problem } from './types.ts';

/** A pack failed validation; nothing from it was loaded. */
export class ContentValidationError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(
      `content pack is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.path}: ${p.message}`).join('\n'),
    );
    this.name = 'ContentValidationError';
    this.problems = problems;
  }
}

/** What is wrong in an imported file, at a 1-based line of the source. */
export type ImportProblems = { line: number; message: string }[];

/** A question bank could not be imported; `problems` carry 1-based line numbers of the source file. */
export class ContentImportError extends Error {
  readonly problems: ImportProblems;
  constructor(problems: ImportProblems) {
    super(`import failed:\n${problems.map((p) => `  line ${p.line}: ${p.message}`).join('\n')}`);
    this.name = 'ContentImportError';
    this.problems = problems;
  }
}

/** Unknown skill or item asked of a valid pack: a programming error in the caller. */
export class ContentNotFoundError extends Error {
  constructor(kind: 'skill' | 'item', id: string) {
    super(`unknown ${kind} "${id}"`);
    this.name = 'ContentNotFoundError';
  }
}
