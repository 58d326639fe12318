/**
 * Short-lived tokens the sandbox issues to itself and checks when they come back: the
 * `lti_message_hint` of a login (so the auth endpoint only honours logins it started) and the
 * Deep Linking `data` (so a response is tied to the request that asked for it). HMAC-signed with
 * a secret from the state; never seen as meaningful by the tool.
 */
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';

export const launchHintSchema = z.object({
  kind: z.literal('launch'),
  flavour: z.enum(['canvas', 'moodle']),
  courseId: z.string(),
  userId: z.string(),
  loginHint: z.string(),
  resourceLinkId: z.string().optional(),
  messageType: z.enum(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']),
  clientId: z.string(),
  deploymentId: z.string(),
});
export type LaunchHint = z.infer<typeof launchHintSchema>;

export const deepLinkDataSchema = z.object({
  kind: z.literal('deeplink'),
  flavour: z.enum(['canvas', 'moodle']),
  courseId: z.string(),
  userId: z.string(),
  clientId: z.string(),
  deploymentId: z.string(),
  acceptTypes: z.array(z.string()),
  acceptLineItem: z.boolean(),
  jti: z.string(),
});
export type DeepLinkData = z.infer<typeof deepLinkDataSchema>;

/** Issues and checks the sandbox's own HMAC tokens. */
export class HintSigner {
  constructor(
    private readonly secret: string,
    private readonly now: () => number,
  ) {}

  sign(payload: LaunchHint | Omit<DeepLinkData, 'jti'>, ttlSeconds: number): string {
    const iat = Math.floor(this.now() / 1000);
    const body = payload.kind === 'deeplink' ? { ...payload, jti: randomUUID() } : payload;
    return jwt.sign({ ...body, iat, exp: iat + ttlSeconds }, this.secret, { algorithm: 'HS256' });
  }

  private verify(token: string): unknown {
    return jwt.verify(token, this.secret, { algorithms: ['HS256'], clockTimestamp: Math.floor(this.now() / 1000) });
  }

  /** Returns the launch hint or throws with a reason (bad signature, expired, wrong shape). */
  launch(token: string): LaunchHint {
    return launchHintSchema.parse(this.verify(token));
  }

  deepLink(token: string): DeepLinkData {
    return deepLinkDataSchema.parse(this.verify(token));
  }
}
