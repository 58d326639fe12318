/**
 * A platform profile: what differs between LMSs, in one place, so the rest of the code asks the
 * profile instead of branching on a product name. Chosen once per registration from the product
 * family the platform announced (Dynamic Registration or the launch's tool_platform claim).
 */
export interface PlatformProfile {
  /** Registration product family this profile answers for ("generic" for everything else). */
  family: 'canvas' | 'moodle' | 'generic';
  /** Extra members of a score body (Canvas: do not open a new submission attempt per sync). */
  scoreExtras(): Record<string, unknown>;
  /**
   * True when a refused score means "the gradebook already holds a newer grade", so the grade is
   * superseded rather than failed (Moodle 409, Canvas 400 naming the timestamp).
   */
  isSuperseded(status: number, body: string): boolean;
  /** Statuses worth retrying later (token expiry, throttling, outage). */
  isRetryable(status: number): boolean;
  /** Minimum gap between two AGS timestamps of one (line item, user), in ms. */
  timestampGapMs: number;
}
