/** The behaviour the LTI 1.3 / AGS 2.0 specifications describe, for platforms without a profile. */
import type { PlatformProfile } from './types.ts';

// 403 is a refusal (scope withdrawn, student gone): kept for the teacher, not retried forever.
const RETRY = new Set([401, 408, 425, 429]);

export const genericProfile: PlatformProfile = {
  family: 'generic',
  scoreExtras: () => ({}),
  // The spec says a platform must ignore an older timestamp; many answer 409 (Conflict).
  isSuperseded: (status) => status === 409,
  isRetryable: (status) => RETRY.has(status) || status >= 500,
  timestampGapMs: 1000,
};
