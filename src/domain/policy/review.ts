/**
 * Spaced review of mastered skills with FSRS (ts-fsrs), target retention from the config. Cards are
 * stored as JSON (ISO dates); short-term learning steps are off, so the first review comes days
 * after mastery rather than minutes.
 */
import { createEmptyCard, fsrs, generatorParameters, Rating } from 'ts-fsrs';
import type { Card, FSRS, Grade } from 'ts-fsrs';
import type { ReviewCard } from './types.ts';

const schedulers = new Map<number, FSRS>();
function scheduler(retention: number): FSRS {
  let f = schedulers.get(retention);
  if (!f) {
    f = fsrs(generatorParameters({ request_retention: retention, enable_fuzz: false, enable_short_term: false }));
    schedulers.set(retention, f);
  }
  return f;
}

function toJson(c: Card): ReviewCard {
  return {
    due: c.due.toISOString(),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: c.elapsed_days,
    scheduled_days: c.scheduled_days,
    learning_steps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    ...(c.last_review ? { last_review: c.last_review.toISOString() } : {}),
  };
}

function fromJson(r: ReviewCard): Card {
  return {
    due: new Date(r.due),
    stability: r.stability,
    difficulty: r.difficulty,
    elapsed_days: r.elapsed_days,
    scheduled_days: r.scheduled_days,
    learning_steps: r.learning_steps,
    reps: r.reps,
    lapses: r.lapses,
    state: r.state,
    ...(r.last_review ? { last_review: new Date(r.last_review) } : {}),
  };
}

/** The rating an answer gives the card: wrong = Again, right with hints = Hard, right = Good. */
export function ratingFor(correct: boolean, hintsUsed: number): Grade {
  if (!correct) return Rating.Again;
  return hintsUsed > 0 ? Rating.Hard : Rating.Good;
}

/** The card of a skill just declared mastered: the mastery run counts as a first "Good" recall. */
export function startReview(at: string, retention: number): ReviewCard {
  const f = scheduler(retention);
  return toJson(f.next(createEmptyCard(new Date(at)), new Date(at), Rating.Good).card);
}

/** The card after a review answer. */
export function recordReview(card: ReviewCard, at: string, rating: Grade, retention: number): ReviewCard {
  return toJson(scheduler(retention).next(fromJson(card), new Date(at), rating).card);
}

/** Whether the review is due at `now`. */
export function reviewDue(card: ReviewCard | undefined, now: string): boolean {
  return card !== undefined && Date.parse(card.due) <= Date.parse(now);
}
