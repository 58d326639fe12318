/** The behaviour the LTI 1.3 / AGS 2.0 specifications describe, for platforms without a profile. */
import type { PlatformProfile } from './types.ts';

const RETRY = new Set([401, 403, 408, 429]);

export const genericProfile: PlatformProfile = {
  family: 'generic',
  scoreExtras: () => ({}),
  // The spec says a platform must ignore an older timestamp; many answer 409 (Conflict).
  isSuperseded: (status) => status === 409,
  isRetryable: (status) => RETRY.has(status) || status >= 500,
  timestampGapMs: 1000,
};
