/**
 * What the student had entered, as helpers the item partials call to refill their inputs (after
 * "show a hint" the page must not wipe the child's answer).
 */
export type Typed = Record<string, string | string[]>;

export function typedAnswer(typed: Typed = {}) {
  const list = (name: string): string[] => {
    const v = typed[name];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  return {
    /** Whether the `response` field holds this value (radio buttons, checkboxes). */
    typedHas: (value: string): boolean => list('response').includes(value),
    /** The typed text of a single text field. */
    typedText: (): string => list('response')[0] ?? '',
    /** The n-th repeated `response` value (ordering selects). */
    typedAt: (i: number): string => list('response')[i] ?? '',
    /** Another named field, such as `match:p1`. */
    typedField: (name: string): string => list(name)[0] ?? '',
  };
}
