/**
 * The write trail behind the privacy scan. Reading every document of every collection after each
 * step took a minute per test once the suite's data had grown (FerretDB reads and decodes every
 * row for any filter except `_id` equality). A privacy test's people, courses and school are
 * created inside the test with fresh random values, so a record can only hold them if it was
 * written after the test began: the trail follows every write of the application's connection
 * (Pathwise's and ltijs's, through the driver's command monitoring) and names, per collection,
 * the records written, or "any record" when a write did not say which (an update by another
 * field). The scan then reads exactly those records, by `_id`, in every collection the database
 * lists, and reads a collection whole when the trail cannot name its records. A write the trail
 * cannot see (another process, such as a spawned CLI) makes the next scan read everything.
 */
import mongoose from 'mongoose';

type Id = unknown;

/** Commands that never add data (reads, deletions, housekeeping). Any other command makes the scan read everything. */
const HARMLESS = new Set([
  'find',
  'getMore',
  'count',
  'distinct',
  'listCollections',
  'listIndexes',
  'listDatabases',
  'killCursors',
  'endSessions',
  'ping',
  'hello',
  'isMaster',
  'ismaster',
  'buildInfo',
  'getParameter',
  'collStats',
  'dbStats',
  'serverStatus',
  'delete',
  'drop',
  'dropDatabase',
  'dropIndexes',
  'createIndexes',
  'create',
  'saslStart',
  'saslContinue',
]);

export class WriteTrail {
  /** collection -> ids written (by `String` of the id, so an id seen twice is read once) */
  readonly ids = new Map<string, Map<string, Id>>();
  /** Collections with a write that named no record: read whole. */
  readonly whole = new Set<string>();
  /** Set when a write could not be followed at all: the scan reads every collection whole. */
  blind = false;
  private readonly client = mongoose.connection.getClient();
  private readonly started = new Map<number, { name: string; command: Record<string, unknown> }>();

  constructor() {
    this.client.on('commandStarted', this.onStart);
    this.client.on('commandSucceeded', this.onSuccess);
  }

  stop(): void {
    this.client.off('commandStarted', this.onStart);
    this.client.off('commandSucceeded', this.onSuccess);
  }

  /** Whether the trail still watches the connection the application uses (a restart replaces it). */
  watching(): boolean {
    return mongoose.connection.getClient() === this.client;
  }

  private add(collection: string, id: Id): void {
    if (id === undefined) this.whole.add(collection);
    else {
      const ids = this.ids.get(collection) ?? new Map<string, Id>();
      ids.set(`${typeof id}:${String(id)}`, id);
      this.ids.set(collection, ids);
    }
  }

  private readonly onStart = (e: mongoose.mongo.CommandStartedEvent) => {
    if (HARMLESS.has(e.commandName)) return;
    this.started.set(e.requestId, { name: e.commandName, command: e.command as Record<string, unknown> });
  };

  private readonly onSuccess = (e: mongoose.mongo.CommandSucceededEvent) => {
    const start = this.started.get(e.requestId);
    if (!start) return;
    this.started.delete(e.requestId);
    const { command } = start;
    const reply = e.reply as Record<string, unknown>;
    const collection = String(command[start.name]);
    switch (start.name) {
      case 'insert':
        for (const doc of (command.documents ?? []) as Array<{ _id?: Id }>) this.add(collection, doc._id);
        return;
      case 'update': {
        const updates = (command.updates ?? []) as Array<{ q?: Record<string, unknown> }>;
        for (const u of (reply.upserted ?? []) as Array<{ _id: Id }>) this.add(collection, u._id);
        if (Number(reply.nModified) > 0) for (const u of updates) for (const id of idsOf(u.q)) this.add(collection, id);
        return;
      }
      case 'findAndModify': {
        if (command.remove) return;
        const value = reply.value as { _id?: Id } | null | undefined;
        const upserted = (reply.lastErrorObject as { upserted?: Id } | undefined)?.upserted;
        if (value) this.add(collection, value._id);
        if (upserted !== undefined) this.add(collection, upserted);
        return;
      }
      case 'aggregate': {
        // Only a pipeline that writes ($out / $merge) is followed; reads are not.
        const pipeline = (command.pipeline ?? []) as Array<Record<string, unknown>>;
        if (pipeline.some((stage) => '$out' in stage || '$merge' in stage)) this.blind = true;
        return;
      }
      default:
        this.blind = true;
    }
  };
}

/** The `_id`s an update filter names ({_id: x}, {_id: {$eq: x}}, {_id: {$in: [...]}}); [undefined] when it names none. */
function idsOf(q: Record<string, unknown> | undefined): Id[] {
  const id = q?._id;
  if (id === undefined || id === null) return [undefined];
  if (typeof id === 'object' && !('_bsontype' in id)) {
    const ops = id as Record<string, unknown>;
    const keys = Object.keys(ops);
    if (keys.length === 1 && keys[0] === '$eq') return [ops.$eq];
    if (keys.length === 1 && keys[0] === '$in' && Array.isArray(ops.$in)) return ops.$in as Id[];
    if (keys.some((k) => k.startsWith('$'))) return [undefined];
  }
  return [id];
}

let current: WriteTrail | undefined;

/** Starts a new trail (ending the previous test's): called when a privacy test makes its school. */
export function startTrail(): void {
  current?.stop();
  current = new WriteTrail();
}

/** Marks the trail blind: something outside the application's connection (a spawned CLI) wrote. */
export function outsideWriter(): void {
  if (current) current.blind = true;
}

export function trail(): WriteTrail {
  if (!current) throw new Error('no write trail: a privacy test starts with newSchool(), which starts the trail');
  return current;
}
