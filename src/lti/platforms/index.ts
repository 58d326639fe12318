/** Picks the platform profile for a registration's product family. */
import { canvasProfile } from './canvas.ts';
import { genericProfile } from './generic.ts';
import { moodleProfile } from './moodle.ts';
import type { PlatformProfile } from './types.ts';

export type { PlatformProfile } from './types.ts';

export function profileFor(productFamily: string | undefined | null): PlatformProfile {
  if (productFamily === 'canvas') return canvasProfile;
  if (productFamily === 'moodle') return moodleProfile;
  return genericProfile;
}
