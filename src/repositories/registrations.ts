/**
 * Queries on platform registrations and registration invites. A registration is never replaced
 * by another registration: `createRegistration` inserts and fails on an existing issuer + client
 * id; changing endpoints is `updateEndpoints`, called only by the operator CLI.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Registration, type RegistrationDoc } from './models/Registration.ts';
import { RegistrationInvite } from './models/RegistrationInvite.ts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates an invite and returns its token (shown once, never stored). */
export async function createInvite(opts: { label?: string; expiresInMs: number }): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + opts.expiresInMs);
  await RegistrationInvite.create({ _id: hash(token), label: opts.label ?? '', expiresAt });
  return { token, expiresAt };
}

const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/** Read-only: is this token a valid, unused, unexpired invite? */
export async function findUsableInvite(token: unknown): Promise<{ label: string } | null> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return null;
  const doc = await RegistrationInvite.findOne({ _id: hash(token), usedAt: null, expiresAt: { $gt: new Date() } }, { label: 1 }).lean();
  return doc ? { label: doc.label ?? '' } : null;
}

/** Atomically marks the invite used; false when someone else used it first or it expired meanwhile. */
export async function consumeInvite(token: string, usedBy: string): Promise<boolean> {
  const res = await RegistrationInvite.updateOne(
    { _id: hash(token), usedAt: null, expiresAt: { $gt: new Date() } },
    { $set: { usedAt: new Date(), usedBy } },
  );
  return res.modifiedCount === 1;
}

export async function findRegistration(issuer: string, clientId: string): Promise<RegistrationDoc | null> {
  return Registration.findOne({ issuer, clientId }).lean<RegistrationDoc>();
}

export async function registrationsOfIssuer(issuer: string): Promise<RegistrationDoc[]> {
  return Registration.find({ issuer }).lean<RegistrationDoc[]>();
}

export interface NewRegistration {
  issuer: string;
  clientId: string;
  name: string;
  productFamily?: string;
  authEndpoint: string;
  tokenEndpoint: string;
  jwksUrl: string;
  deploymentIds?: string[];
  scopesGranted?: string[];
  acceptNewDeployments?: boolean;
}

/** Inserts; a duplicate issuer + client id throws (code 11000), it never overwrites. */
export async function createRegistration(r: NewRegistration): Promise<void> {
  await Registration.create({ ...r, deploymentIds: r.deploymentIds ?? [], scopesGranted: r.scopesGranted ?? [] });
}

/** Operator only (platform update): changes endpoints or keys of one registration. */
export async function updateEndpoints(
  issuer: string,
  clientId: string,
  set: Partial<Pick<NewRegistration, 'authEndpoint' | 'tokenEndpoint' | 'jwksUrl' | 'name'>>,
): Promise<boolean> {
  const res = await Registration.updateOne({ issuer, clientId }, { $set: set });
  return res.matchedCount === 1;
}

export async function addDeployment(issuer: string, clientId: string, deploymentId: string): Promise<void> {
  await Registration.updateOne({ issuer, clientId }, { $addToSet: { deploymentIds: deploymentId } });
}

/** Origins of every registered platform: they may frame Pathwise (CSP frame-ancestors) and receive Deep Linking posts. */
export async function platformOrigins(): Promise<string[]> {
  const regs = await Registration.find({}, { issuer: 1, authEndpoint: 1, tokenEndpoint: 1 }).lean();
  const out = new Set<string>();
  for (const r of regs) {
    for (const u of [r.issuer, r.authEndpoint, r.tokenEndpoint]) {
      try {
        const o = new URL(u).origin;
        if (o.startsWith('http')) out.add(o);
      } catch {
        /* a malformed stored URL adds nothing */
      }
    }
  }
  return [...out].sort();
}
