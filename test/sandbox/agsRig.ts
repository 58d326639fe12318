/**
 * The shared set-up of the sandbox AGS tests (agsCanvas.test.ts, agsMoodle.test.ts): a sandbox
 * with a fake tool registered in both flavours, an access token with every AGS scope, and small
 * helpers to call the service and build scores.
 */
import { registerFakeTool } from './fakeTool.ts';
import { SCOPES, startRig, type Rig } from './helpers.ts';

export const LINEITEM = 'application/vnd.ims.lis.v2.lineitem+json';
export const CONTAINER = 'application/vnd.ims.lis.v2.lineitemcontainer+json';
export const SCORE = 'application/vnd.ims.lis.v1.score+json';
export const RESULTS = 'application/vnd.ims.lis.v2.resultcontainer+json';
const ALL = [SCOPES.lineItem, SCOPES.lineItemReadonly, SCOPES.score, SCOPES.resultReadonly];

export interface AgsRig {
  rig: Rig;
  canvas: ReturnType<typeof registerFakeTool>;
  moodle: ReturnType<typeof registerFakeTool>;
  call(flavour: 'canvas' | 'moodle', method: string, url: string, body?: unknown, contentType?: string, accept?: string): Promise<Response>;
  canvasStudent(i: number): string;
  moodleStudent(i: number): string;
}

/** Registers before/after hooks in the calling describe; the returned object is filled in `before`. */
export function useAgsRig(): AgsRig {
  const tokens: Record<string, string> = {};
  const t = {} as AgsRig;
  before(async () => {
    t.rig = await startRig();
    t.canvas = registerFakeTool(t.rig.sandbox, t.rig.tool, 'canvas');
    t.moodle = registerFakeTool(t.rig.sandbox, t.rig.tool, 'moodle');
    tokens.canvas = await t.rig.tool.accessToken(t.canvas.platform, ALL);
    tokens.moodle = await t.rig.tool.accessToken(t.moodle.platform, ALL);
  });
  after(async () => t.rig?.close());
  t.call = (flavour, method, url, body, contentType, accept) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${tokens[flavour] ?? ''}`, 'User-Agent': 'FakeTool/1.0' };
    if (contentType) headers['Content-Type'] = contentType;
    if (accept) headers.Accept = accept;
    return fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  };
  t.canvasStudent = (i) => t.rig.sandbox.users('101').filter((u) => u.role === 'student')[i]?.sub ?? '';
  t.moodleStudent = (i) => t.rig.sandbox.flavours.moodle.studentIds[i] ?? '';
  return t;
}

/** A complete score for `userId` (7 of 10, completed and fully graded), with overrides. */
export function score(userId: string, timestamp: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { userId, scoreGiven: 7, scoreMaximum: 10, timestamp, activityProgress: 'Completed', gradingProgress: 'FullyGraded', ...extra };
}
