/** Helpers for the security suite: "this request wrote nothing" and a launch with a fault injected. */
import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { stack, type Stack } from '../support/stack.ts';
import { launchAs } from '../support/factories.ts';
import type { LaunchOptions } from '../support/ltiClient.ts';
import type { IdTokenTamper } from '../../scripts/sandbox/index.ts';

export type Flavour = 'canvas' | 'moodle';

/** Write commands, and whether the reply says they changed something. */
const CHANGED: Record<string, (reply: Record<string, unknown>) => boolean> = {
  insert: (r) => Number(r.n) > 0,
  update: (r) => Number(r.nModified) > 0 || (Array.isArray(r.upserted) && r.upserted.length > 0),
  delete: (r) => Number(r.n) > 0,
  findAndModify: (r) => Number((r.lastErrorObject as { n?: number } | undefined)?.n ?? 0) > 0,
  create: () => true,
  drop: () => true,
  dropDatabase: () => true,
  renameCollection: () => true,
  createIndexes: (r) => Number(r.numIndexesAfter) > Number(r.numIndexesBefore),
  dropIndexes: () => true,
};

/**
 * Watches the writes of the application's connection (Pathwise's and ltijs's) through the driver's
 * command monitoring until `stop()`, which returns each write whose reply says it inserted,
 * modified, deleted or created something ("update pw_progress"). (Reading every collection before
 * and after told the same, but took seconds per check once the suite's data had grown.)
 */
export function watchWrites(): { stop(): string[] } {
  const client = mongoose.connection.getClient();
  const started = new Map<number, string>();
  const changed: string[] = [];
  const onStart = (e: mongoose.mongo.CommandStartedEvent) => {
    if (e.commandName in CHANGED) started.set(e.requestId, `${e.commandName} ${String(e.command[e.commandName])}`);
  };
  const onSuccess = (e: mongoose.mongo.CommandSucceededEvent) => {
    const what = started.get(e.requestId);
    if (what && CHANGED[e.commandName]!(e.reply as Record<string, unknown>)) changed.push(what);
  };
  client.on('commandStarted', onStart);
  client.on('commandSucceeded', onSuccess);
  return {
    stop() {
      client.off('commandStarted', onStart);
      client.off('commandSucceeded', onSuccess);
      return changed;
    },
  };
}

/**
 * Pauses what Pathwise does by itself (the grade sender retrying other tests' grades, the scheduled
 * reconciler and its job lease), so the writes watched are the request's own.
 */
async function holdBackground(s: Stack): Promise<() => void> {
  const grades = await s.pathwise.publisher.hold();
  const reconciler = await s.pathwise.holdReconciler();
  return () => {
    reconciler();
    grades();
  };
}

/** Runs `attack` and asserts it changed nothing in the database (background work held meanwhile). */
export async function unchanged<T>(attack: () => Promise<T>): Promise<T> {
  const s = await stack();
  const release = await holdBackground(s);
  const watch = watchWrites();
  let writes: string[];
  let result: T;
  try {
    result = await attack();
  } finally {
    writes = watch.stop();
    release();
  }
  assert.deepEqual(writes, [], `the refused request changed the database: ${writes.join(', ')}`);
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
  let watch: ReturnType<typeof watchWrites> | undefined;
  const release = await holdBackground(s); // other tests' grades are not this launch's doing
  try {
    const r = await launchAs(
      flavour,
      { student: opts.student ?? 0 },
      {
        intercept: async (req, steps) => {
          if (req.kind === 'tool-launch') watch ??= watchWrites();
          return opts.intercept ? opts.intercept(req, steps) : undefined;
        },
      },
    );
    return { ...r, reachedTool: watch !== undefined, writes: watch?.stop() ?? [] };
  } finally {
    watch?.stop();
    release();
  }
}

/** The launch reached the tool, was refused with this page, and wrote nothing. */
export function assertRefusedLaunch(
  r: { status: number; html: string; reachedTool: boolean; writes: string[] },
  status: number,
  code: string,
): void {
  assertPage(r, status, code);
  assert.ok(r.reachedTool, 'the launch reached the tool');
  assert.deepEqual(r.writes, [], 'the refused launch stored nothing');
}
