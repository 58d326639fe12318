/**
 * How `npm test` splits the test files into parts run at once (scripts/test/run.ts): each file's
 * expected time, and a split that balances them.
 */

/**
 * Seconds each heavier test file took in a whole run (its tests' durations from mocha's `json`
 * reporter, summed per file, on a loaded 2-core machine). Files not listed count as 1 s. Only the
 * balance between parts depends on these; refresh them when a file becomes much heavier.
 */
export const WEIGHTS: Record<string, number> = {
  'faults/engine.test.ts': 41,
  'student/accessibility.test.ts': 37,
  'simulation/simulate.test.ts': 33,
  'browser/roundTrip.test.ts': 32,
  'faults/shutdown.test.ts': 28,
  'student/browser.test.ts': 25,
  'privacy/deletion.test.ts': 22,
  'teacher/browser.test.ts': 21,
  'integration/platformCli.test.ts': 20,
  'integration/refit.test.ts': 18,
  'teacher/cockpit.test.ts': 17,
  'teacher/summary.test.ts': 16,
  'teacher/layout.test.ts': 15,
  'faults/lms.test.ts': 15,
  'studio/studio.browser.test.ts': 14,
  'studio/large.test.ts': 14,
  'teacher/gradebookBrowser.test.ts': 13,
  'teacher/changes.test.ts': 13,
  'privacy/retention.test.ts': 13,
  'mastery/recovery.test.ts': 12,
  'teacher/gradebook.test.ts': 11,
  'privacy/noThirdParties.test.ts': 11,
  'privacy/audit.test.ts': 10,
  'interop/cookielessBrowser.test.ts': 9,
  'integration/practice.test.ts': 8,
  'student/spanishBrowser.test.ts': 8,
  'privacy/pseudonymous.test.ts': 7,
  'integration/multiInstance.test.ts': 7,
  'integration/productionStart.test.ts': 6,
  'security/cspBrowser.test.ts': 6,
  'content/contentCli.test.ts': 6,
  'content/bundledPack.test.ts': 6,
  'teacher/overviewCache.test.ts': 6,
  'teacher/guards.test.ts': 5,
  'security/rateLimit.test.ts': 5,
  'integration/launch.test.ts': 5,
  'faults/answers.test.ts': 5,
};

/** Splits the files into at most `parts` parts of about equal expected time: the longest first, each to the lightest part. */
export function split(files: string[], parts: number, weights: Record<string, number> = WEIGHTS): string[][] {
  const weightOf = (f: string) => weights[f.replace(/^test\//, '')] ?? 1;
  const out = Array.from({ length: Math.max(1, Math.min(parts, files.length)) }, () => ({ files: [] as string[], total: 0 }));
  for (const f of [...files].sort((a, b) => weightOf(b) - weightOf(a) || a.localeCompare(b))) {
    const lightest = out.reduce((a, b) => (b.total < a.total ? b : a));
    lightest.files.push(f);
    lightest.total += weightOf(f);
  }
  return out.map((p) => p.files.sort());
}
