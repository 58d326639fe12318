/**
 * Canvas: a score without the submission extension opens a new submission attempt each time, and
 * an older timestamp is refused with 400 "Provided timestamp ... is before ...".
 */
import { genericProfile } from './generic.ts';
import type { PlatformProfile } from './types.ts';

export const canvasProfile: PlatformProfile = {
  ...genericProfile,
  family: 'canvas',
  scoreExtras: () => ({ 'https://canvas.instructure.com/lti/submission': { new_submission: false } }),
  isSuperseded: (status, body) => status === 409 || (status === 400 && /timestamp/i.test(body)),
};
