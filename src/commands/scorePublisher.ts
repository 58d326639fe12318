/**
 * Sends the grade outbox to the platforms, serially (Canvas charges parallel calls, and order
 * matters): for each (line item, user) only the oldest unfinished event is sent. Outcomes:
 * sent; superseded (the platform holds a newer grade: 409 / old-timestamp 400); rejected (kept,
 * with the platform's reason, for a person to see; never dropped silently); or retried with
 * exponential backoff (401/403/429/5xx/network). A lease lets a crashed sender's events be retried.
 */
import type { Logger } from '../logger.ts';
import type { AgsClient } from '../lti/ags.ts';
import { GradeEvent, type GradeEventDoc } from '../repositories/models/GradeEvent.ts';

const LEASE_MS = 30_000;
const MAX_BACKOFF_MS = 10 * 60_000;

export class ScorePublisher {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ags: AgsClient, private readonly log: Logger, private readonly retryBaseMs: number) {}

  start(pollMs = 2000): void {
    this.timer = setInterval(() => this.kick(), pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Asks for a sending round soon; rounds never overlap in one process. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.drain().catch((err: unknown) => this.log.error({ err }, 'score publishing round failed'));
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Sends everything due now; returns how many events were attempted. */
  async drain(): Promise<number> {
    const now = new Date();
    await GradeEvent.updateMany({ status: 'sending', leaseUntil: { $lt: now } }, { $set: { status: 'pending' } });
    let attempted = 0;
    const blocked = new Set<string>();
    for (;;) {
      const filter: Record<string, unknown> = { status: 'pending', nextAttemptAt: { $lte: new Date() } };
      if (blocked.size) filter.key = { $nin: [...blocked] };
      const candidate = await GradeEvent.findOne(filter).sort({ createdAt: 1, seq: 1 }).lean<GradeEventDoc>();
      if (!candidate) return attempted;
      const older = await GradeEvent.findOne({ key: candidate.key, seq: { $lt: candidate.seq }, status: { $in: ['pending', 'sending'] } })
        .sort({ seq: 1 })
        .lean<GradeEventDoc>();
      const ev = older ?? candidate;
      if (ev.status !== 'pending' || ev.nextAttemptAt > new Date()) {
        blocked.add(ev.key);
        continue;
      }
      const claimed = await GradeEvent.findOneAndUpdate(
        { _id: ev._id, status: 'pending' },
        { $set: { status: 'sending', leaseUntil: new Date(Date.now() + LEASE_MS) }, $inc: { attempts: 1 } },
        { new: true },
      ).lean<GradeEventDoc>();
      if (!claimed) continue;
      attempted++;
      await this.sendOne(claimed);
      const after = await GradeEvent.findById(claimed._id, { status: 1 }).lean<GradeEventDoc>();
      if (after?.status === 'pending') blocked.add(claimed.key);
    }
  }

  private async sendOne(ev: GradeEventDoc): Promise<void> {
    const outcome = await this.ags.sendScore({
      issuer: ev.issuer,
      clientId: ev.clientId,
      lineItemUrl: ev.lineItemUrl,
      canvas: ev.canvas ?? false,
      activityId: String(ev.activityId), // finds or creates the line item when the launch had none
      score: {
        userId: ev.userSub,
        scoreGiven: ev.scoreGiven,
        scoreMaximum: ev.scoreMaximum,
        timestamp: ev.timestamp,
        activityProgress: ev.activityProgress as 'InProgress',
        gradingProgress: ev.gradingProgress as 'FullyGraded',
        ...(ev.comment ? { comment: ev.comment } : {}),
      },
    });
    const log = this.log.child({ gradeEvent: String(ev._id), seq: ev.seq, status: outcome.status });
    if (outcome.kind === 'retry') {
      const delay = Math.min(MAX_BACKOFF_MS, this.retryBaseMs * 2 ** Math.max(0, (ev.attempts ?? 1) - 1));
      log.warn({ detail: outcome.detail, delay }, 'score not accepted yet; retrying later');
      await GradeEvent.updateOne({ _id: ev._id }, { $set: { status: 'pending', nextAttemptAt: new Date(Date.now() + delay), lastStatus: outcome.status, lastError: outcome.detail } });
      return;
    }
    if (outcome.kind !== 'sent') log.warn({ detail: outcome.detail }, `score ${outcome.kind}`);
    await GradeEvent.updateOne(
      { _id: ev._id },
      { $set: { status: outcome.kind, lastStatus: outcome.status, ...(outcome.kind === 'sent' ? {} : { lastError: outcome.detail }) } },
    );
  }
}
