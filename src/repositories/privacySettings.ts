/**
 * Reads and changes a school's privacy settings (models/PrivacySettings.ts). Reads are cached for
 * a minute because every launch asks whether the school is in pseudonymous mode.
 */
import { z } from 'zod';
import { PrivacySettings, PRIVACY_DEFAULTS, type PrivacySettingsDoc } from './models/PrivacySettings.ts';
import { collection } from './privacy.ts';
import { TtlCache } from '../ttlCache.ts';

const cache = new TtlCache<PrivacySettingsDoc>(60_000);

export const settingsChange = z
  .object({
    pseudonymous: z.boolean(),
    answerLogDays: z.number().int().min(1).max(36_500),
    inactiveCourseMonths: z.number().int().min(1).max(1_200),
    departedGraceDays: z.number().int().min(0).max(3_650),
    noticeDays: z.number().int().min(0).max(365),
  })
  .partial();
export type SettingsChange = z.infer<typeof settingsChange>;

export async function privacySettingsFor(issuer: string, clientId: string): Promise<PrivacySettingsDoc> {
  const key = `${issuer} ${clientId}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const doc = await PrivacySettings.findOne({ issuer, clientId }).lean();
  const settings: PrivacySettingsDoc = { ...PRIVACY_DEFAULTS, ...(doc ? pick(doc) : {}) };
  cache.set(key, settings);
  return settings;
}

function pick(d: PrivacySettingsDoc): PrivacySettingsDoc {
  const { pseudonymous, answerLogDays, inactiveCourseMonths, departedGraceDays, noticeDays } = d;
  return { pseudonymous, answerLogDays, inactiveCourseMonths, departedGraceDays, noticeDays };
}

/** One atomic upsert; returns the settings now in force. */
export async function changePrivacySettings(issuer: string, clientId: string, change: SettingsChange): Promise<PrivacySettingsDoc> {
  const set = settingsChange.parse(change);
  await PrivacySettings.updateOne({ issuer, clientId }, { $set: set }, { upsert: true });
  cache.clear();
  return privacySettingsFor(issuer, clientId);
}

/**
 * Pseudonymous mode: ltijs keeps the launch's id_token claims (name, e-mail) for 24 hours in its
 * own collection. Pathwise needs none of them after the launch, so they are removed at once.
 */
export async function scrubLaunchIdentity(issuer: string, clientId: string, sub: string): Promise<void> {
  await collection('idtokens').updateMany({ iss: issuer, clientId, user: sub }, { $set: { userInfo: {} } });
}
