/**
 * Moodle: compares score timestamps to the second and answers 409 when the stored grade is not
 * older; service URLs carry `?type_id=` which must be kept (line-item URLs are opaque).
 */
import { genericProfile } from './generic.ts';
import type { PlatformProfile } from './types.ts';

export const moodleProfile: PlatformProfile = {
  ...genericProfile,
  family: 'moodle',
  isSuperseded: (status) => status === 409,
  timestampGapMs: 1000,
};
