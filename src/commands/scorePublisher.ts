/**
 * Sends the grade outbox to the platforms. Per (line item, user) the oldest unfinished event goes
 * first, and only after it has an outcome does the next one go (order matters to gradebooks).
 * Each platform has its own queue, run side by side, so one slow or failing LMS cannot hold up
 * another; within a platform calls are serial (Canvas charges parallel calls). Outcomes:
 * sent or superseded (archived); rejected: a permanent refusal, kept with the platform's reason
 * for the teacher, who can ask for a retry; or retried later: exponential backoff, never sooner
 * than the platform's `Retry-After`, which also pauses that platform's queue. After
 * `MAX_ATTEMPTS` failed tries an event is kept as rejected ("gave up") instead of retried forever.
 *
 * No idle polling: a round runs when an answer records a grade (`kick`), when the earliest
 * retry falls due, and on a long safety interval (other instances' work, expired leases). An
 * event is claimed with a lease, so several instances can share the outbox; `stop` lets the
 * current call finish and leaves the rest in the database.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { AgsClient } from '../lti/ags.ts';
import type { GradeEventDoc } from '../repositories/models/GradeEvent.ts';
import { archiveEvent, claimEvent, markRejected, outstandingEvents, retryLater } from '../repositories/gradeEventRepository.ts';

const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 10 * 60_000;
export const MAX_ATTEMPTS = 12;

export class ScorePublisher {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private scheduling = false;
  private nextWake: number | undefined;
  readonly owner = randomUUID();

  constructor(
    private readonly ags: AgsClient,
    private readonly log: Logger,
    private readonly retryBaseMs: number,
    private readonly idleMs = 60_000,
  ) {}

  start(): void {
    this.scheduling = true;
    void this.kick();
  }

  /** Stops after the calls in flight; waits for them. The backlog stays in the database. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * Holds sending until the returned function is called (the calls in flight finish first): a
   * quiet gradebook outbox for maintenance, or for a check that nothing else writes meanwhile.
   */
  async hold(): Promise<() => void> {
    await this.stop();
    return () => {
      this.stopped = false;
      void this.kick();
    };
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
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
      this.schedule();
    });
    return this.running;
  }

  private schedule(): void {
    if (!this.scheduling || this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(50, Math.min(this.idleMs, (this.nextWake ?? Infinity) - Date.now()));
    this.timer = setTimeout(() => void this.kick(), delay);
    this.timer.unref();
  }

  /** Sends everything due now; returns how many events were attempted. */
  async drain(): Promise<number> {
    const now = Date.now();
    const events = await outstandingEvents();
    const byKey = new Map<string, GradeEventDoc[]>();
    for (const ev of events) byKey.set(ev.key, [...(byKey.get(ev.key) ?? []), ev]);
    const byPlatform = new Map<string, GradeEventDoc[][]>();
    let wake: number | undefined;
    const later = (t: number) => (wake = Math.min(wake ?? Infinity, t));
    for (const queue of byKey.values()) {
      const head = queue[0]!;
      if (head.status === 'sending' && head.leaseUntil && head.leaseUntil.getTime() > now) {
        later(head.leaseUntil.getTime());
        continue;
      }
      if (head.nextAttemptAt.getTime() > now) {
        later(head.nextAttemptAt.getTime());
        continue;
      }
      const platform = `${head.issuer} ${head.clientId}`;
      byPlatform.set(platform, [...(byPlatform.get(platform) ?? []), queue]);
    }
    const counts = await Promise.all([...byPlatform.values()].map((queues) => this.platformQueue(queues, later)));
    this.nextWake = wake;
    return counts.reduce((a, b) => a + b, 0);
  }

  /** One platform's keys, serially; stops early when the platform asks to wait. */
  private async platformQueue(queues: GradeEventDoc[][], later: (t: number) => void): Promise<number> {
    let attempted = 0;
    for (const queue of queues) {
      for (const ev of queue) {
        if (this.stopped) return attempted;
        if (ev.nextAttemptAt.getTime() > Date.now()) {
          later(ev.nextAttemptAt.getTime());
          break;
        }
        const claimed = await claimEvent(ev, this.owner, LEASE_MS);
        if (!claimed) break;
        attempted++;
        const r = await this.sendOne(claimed);
        if (r.pausePlatformUntil) {
          later(r.pausePlatformUntil);
          return attempted;
        }
        if (!r.next) {
          if (r.retryAt) later(r.retryAt);
          break;
        }
      }
    }
    return attempted;
  }

  private async sendOne(ev: GradeEventDoc): Promise<{ next: boolean; retryAt?: number; pausePlatformUntil?: number }> {
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
    const log = this.log.child({ gradeEvent: ev._id, seq: ev.seq, status: outcome.status });
    if (outcome.kind === 'sent' || outcome.kind === 'superseded') {
      if (outcome.kind === 'superseded') log.warn({ detail: outcome.detail }, 'score superseded by a newer grade on the platform');
      await archiveEvent(ev, outcome.kind, outcome.status, outcome.kind === 'superseded' ? outcome.detail : undefined);
      return { next: true };
    }
    if (outcome.kind === 'rejected') {
      log.warn({ detail: outcome.detail }, 'score refused by the platform; kept for the teacher');
      await markRejected(ev._id, outcome.status, outcome.detail, 'refused');
      return { next: true };
    }
    const attempts = ev.attempts ?? 1;
    if (attempts >= MAX_ATTEMPTS) {
      log.warn({ detail: outcome.detail, attempts }, 'score still not accepted; giving up and showing it to the teacher');
      await markRejected(ev._id, outcome.status, outcome.detail, 'gave-up');
      return { next: true };
    }
    const backoff = Math.min(MAX_BACKOFF_MS, this.retryBaseMs * 2 ** Math.max(0, attempts - 1));
    const delay = Math.max(backoff, outcome.retryAfterMs ?? 0);
    const at = Date.now() + delay;
    log.warn({ detail: outcome.detail, delay }, 'score not accepted yet; retrying later');
    await retryLater(ev._id, new Date(at), outcome.status, outcome.detail);
    return outcome.retryAfterMs !== undefined ? { next: false, pausePlatformUntil: at } : { next: false, retryAt: at };
  }
}
