/**
 * Pathwise's own signing keys (the tool's side of LTI: client assertions for access tokens and
 * Deep Linking answers). They live in ltijs's `publickeys` / `privatekeys` collections, encrypted
 * the way ltijs encrypts its keys (`{ iv, data }`, see commands/privacy/keyRotation.ts), so the
 * data-key rotation and the privacy export treat them like every other key. They are told apart
 * from ltijs's per-platform keys by their owner (`platformUrl`), and carry their own life cycle:
 * `createdAt`, `supersededAt` (a newer key signs from then on) and `retireAt` (no longer
 * published from then on).
 *
 * ltijs's per-platform keys signed everything before Pathwise had its own keys; they are "legacy"
 * keys: published only while a `retireAt` set on them lies in the future.
 */
import mongoose from 'mongoose';

export const TOOL_KEY_OWNER = 'pathwise:tool';

export interface StoredKey {
  kid: string;
  iv: string;
  data: string;
  createdAt?: Date;
  supersededAt?: Date | null;
  retireAt?: Date | null;
}

const publicKeys = () => mongoose.connection.collection<StoredKey & { platformUrl: string; clientId: string }>('publickeys');
const privateKeys = () => mongoose.connection.collection<StoredKey & { platformUrl: string; clientId: string }>('privatekeys');
const FIELDS = { _id: 0, kid: 1, iv: 1, data: 1, createdAt: 1, supersededAt: 1, retireAt: 1 } as const;

/** Pathwise's keys, newest first (public halves, encrypted). */
export async function toolPublicKeys(): Promise<StoredKey[]> {
  return publicKeys().find({ platformUrl: TOOL_KEY_OWNER }, { projection: FIELDS }).sort({ createdAt: -1 }).toArray();
}

/** ltijs's per-platform keys that are still published (a retirement date in the future). */
export async function legacyPublicKeys(now: Date): Promise<StoredKey[]> {
  return publicKeys()
    .find({ platformUrl: { $ne: TOOL_KEY_OWNER }, retireAt: { $gt: now } }, { projection: FIELDS })
    .toArray();
}

/** The private half of a Pathwise key (encrypted). */
export async function toolPrivateKey(kid: string): Promise<StoredKey | null> {
  return privateKeys().findOne({ platformUrl: TOOL_KEY_OWNER, kid }, { projection: FIELDS });
}

/** Stores a new key pair (public half last: a key is published only once it can sign). */
export async function insertToolKey(k: {
  kid: string;
  createdAt: Date;
  publicRec: { iv: string; data: string };
  privateRec: { iv: string; data: string };
}) {
  const base = { kid: k.kid, platformUrl: TOOL_KEY_OWNER, clientId: '' };
  await privateKeys().insertOne({ ...base, ...k.privateRec });
  await publicKeys().insertOne({ ...base, ...k.publicRec, createdAt: k.createdAt, supersededAt: null, retireAt: null });
}

/** Marks every other Pathwise key superseded now and published until `retireAt` (keys already superseded keep their dates). */
export async function supersedeToolKeys(currentKid: string, now: Date, retireAt: Date): Promise<string[]> {
  const filter = { platformUrl: TOOL_KEY_OWNER, kid: { $ne: currentKid }, supersededAt: null };
  const kids = (
    await publicKeys()
      .find(filter, { projection: { kid: 1 } })
      .toArray()
  ).map((k) => k.kid);
  await publicKeys().updateMany(filter, { $set: { supersededAt: now, retireAt } });
  return kids;
}

/** Gives ltijs's per-platform keys a retirement date, unless they have one already (or an earlier one). */
export async function scheduleLegacyRetirement(retireAt: Date): Promise<number> {
  const r = await publicKeys().updateMany(
    { platformUrl: { $ne: TOOL_KEY_OWNER }, $or: [{ retireAt: { $exists: false } }, { retireAt: null }, { retireAt: { $gt: retireAt } }] },
    { $set: { retireAt } },
  );
  return r.modifiedCount;
}

/** Deletes both halves of superseded Pathwise keys. */
export async function deleteToolKeys(kids: string[]): Promise<void> {
  if (kids.length === 0) return;
  await publicKeys().deleteMany({ platformUrl: TOOL_KEY_OWNER, kid: { $in: kids } });
  await privateKeys().deleteMany({ platformUrl: TOOL_KEY_OWNER, kid: { $in: kids } });
}
