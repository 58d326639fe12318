/** Helpers for the security suite: a full database fingerprint and a launch with a fault injected. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type mongoose from 'mongoose';
import { stack } from '../support/stack.ts';
import { launchAs } from '../support/factories.ts';
import type { LaunchOptions } from '../support/ltiClient.ts';
import type { IdTokenTamper } from '../../scripts/sandbox/index.ts';

export type Flavour = 'canvas' | 'moodle';

/**
 * Every collection: its document count and a hash of its documents (so an update shows too).
 * Counters of rate limits are data too, and are included.
 */
export async function fingerprint(db: mongoose.mongo.Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const c of (await db.listCollections().toArray()).map((x) => x.name).sort()) {
    const docs = await db.collection(c).find({}).sort({ _id: 1 }).toArray();
    out[c] = `${docs.length}:${createHash('sha256').update(JSON.stringify(docs)).digest('hex').slice(0, 16)}`;
  }
  return out;
}

/**
 * Runs `attack` and asserts the database is exactly as before. The grade sender is held meanwhile:
 * it may still be retrying other tests' grades, which is not the attack's doing.
 */
export async function unchanged<T>(attack: () => Promise<T>): Promise<T> {
  const s = await stack();
  const release = await s.pathwise.publisher.hold();
  let result: T;
  let before: Record<string, string>;
  let after: Record<string, string>;
  try {
    before = await fingerprint(s.db);
    result = await attack();
    after = await fingerprint(s.db);
  } finally {
    release();
  }
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((c) => before[c] !== after[c]);
  assert.deepEqual(changed, [], `the refused request changed the database: ${changed.join(', ')}`);
  return result;
}

export function assertPage(r: { status: number; html: string }, status: number, code: string): void {
  assert.equal(
    r.status,
    status,
    r.html
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .slice(0, 300),
  );
  assert.match(r.html, new RegExp(`data-code="${code}"`));
}

/** A student launch with the sandbox told to tamper with the id_token; fingerprints around the tool-launch step. */
export async function tamperedLaunch(
  flavour: Flavour,
  opts: { tamper?: (c: Record<string, unknown>) => IdTokenTamper | void; intercept?: LaunchOptions['intercept']; student?: number },
) {
  const s = await stack();
  if (opts.tamper) s.sandbox.tamper.nextIdToken = opts.tamper;
  let before: Record<string, string> | undefined;
  const release = await s.pathwise.publisher.hold(); // other tests' grades are not this launch's doing
  try {
    const r = await launchAs(
      flavour,
      { student: opts.student ?? 0 },
      {
        intercept: async (req, steps) => {
          if (req.kind === 'tool-launch') before ??= await fingerprint(s.db);
          return opts.intercept ? opts.intercept(req, steps) : undefined;
        },
      },
    );
    const after = await fingerprint(s.db);
    return { ...r, before, after };
  } finally {
    release();
  }
}

export function assertRefusedLaunch(
  r: { status: number; html: string; before?: Record<string, string>; after: Record<string, string> },
  status: number,
  code: string,
): void {
  assertPage(r, status, code);
  assert.ok(r.before, 'the launch reached the tool');
  assert.deepEqual(r.after, r.before, 'the refused launch stored nothing');
}
