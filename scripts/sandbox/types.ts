/**
 * Data model of the sandbox LMS. Everything here is plain JSON so the whole state can be
 * persisted to one file. Identifiers are strings even when the mimicked platform uses numbers,
 * because LTI carries them as strings.
 */
import type { JsonWebKey } from 'node:crypto';

export type Flavour = 'canvas' | 'moodle';
export const FLAVOURS: readonly Flavour[] = ['canvas', 'moodle'];

export type MessageType = 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
export type CourseRole = 'teacher' | 'student';

export interface User {
  /** Platform-internal id (Canvas `$Canvas.user.id`, Moodle user id). */
  id: string;
  /** The LTI `sub`: opaque UUID on Canvas, the user id on Moodle. */
  sub: string;
  name: string;
  givenName: string;
  familyName: string;
  email: string;
  loginId: string;
  role: CourseRole;
  /** NRPS membership status; "Deleted" = left the course (only reported in `differences`). */
  status?: 'Active' | 'Inactive' | 'Deleted';
  /** When the membership last changed (ms), for NRPS `differences`. */
  changedMs?: number;
  /** The user's language in the platform (sent as the launch's `locale`); "en" when unset. */
  locale?: string;
}

export interface Course {
  id: string;
  flavour: Flavour;
  title: string;
  label: string;
  members: User[];
  /** Ids of the courses this one was copied from, newest first (`$Context.id.history`). */
  history?: string[];
}

export interface ResourceLink {
  id: string;
  courseId: string;
  title: string;
  text?: string;
  /** Target link URI override (Deep Linking `url`); default is the registration's target_link_uri. */
  url?: string;
  custom: Record<string, string>;
  /** Ids of the links this one was copied from, newest first (`$ResourceLink.id.history`). */
  history?: string[];
  /** Tool the link belongs to; undefined = the seeded activity, launched with any tool of the flavour. */
  clientId?: string;
  /**
   * The students who can see the link (user ids), as a Moodle activity restricted to a group;
   * undefined = every member. NRPS with `rlid` lists only these students (and the teachers).
   */
  audience?: string[];
  createdAt: string;
}

export interface LineItem {
  id: string;
  courseId: string;
  /** Registration that owns it; undefined = platform-created (seed), visible to every tool of the flavour. */
  clientId?: string;
  label: string;
  scoreMaximum: number;
  resourceLinkId?: string;
  resourceId?: string;
  tag?: string;
  startDateTime?: string;
  endDateTime?: string;
  /** Canvas: the assignment's own line item, which cannot be deleted. */
  isDefault: boolean;
}

export type ActivityProgress = 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
export type GradingProgress = 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';

/** Latest result per (line item, user), as the gradebook column shows it. */
export interface Result {
  lineItemId: string;
  userSub: string;
  resultScore: number | null;
  resultMaximum: number;
  comment?: string;
  timestamp: string;
  activityProgress: ActivityProgress;
  gradingProgress: GradingProgress;
  attempts: number;
}

/** One accepted score POST, in arrival order: exactly what AGS received plus what it recorded. */
export interface GradebookRow {
  seq: number;
  receivedAt: string;
  courseId: string;
  clientId: string;
  lineItemId: string;
  lineItemLabel: string;
  userId: string;
  userName: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  timestamp: string;
  activityProgress: ActivityProgress;
  gradingProgress: GradingProgress;
  /** Score stored in the gradebook after the flavour's rules (rescaling, ignored scoreGiven). */
  resultScore: number | null;
  resultMaximum: number;
  /** Canvas `https://canvas.instructure.com/lti/submission` extension, as received. */
  submission?: Record<string, unknown>;
}

export interface ToolMessage {
  type: string;
  target_link_uri?: string;
  label?: string;
  placements?: string[];
}

export interface ToolRegistration {
  flavour: Flavour;
  clientId: string;
  /** Canvas: one per install; Moodle: exactly one, the tool type id. */
  deploymentIds: string[];
  /** Moodle tool type id (also its deployment id and the `type_id` of service URLs). */
  toolTypeId: string;
  clientName: string;
  jwksUri: string;
  initiateLoginUri: string;
  redirectUris: string[];
  targetLinkUri: string;
  /** Granted scopes (requested minus what the admin narrowed). */
  scopes: string[];
  requestedScopes: string[];
  customParameters: Record<string, string>;
  messages: ToolMessage[];
  claims: string[];
  domain?: string;
  createdAt: string;
  via: 'dynamic' | 'manual';
}

export interface PlatformKey {
  kid: string;
  privateJwk: JsonWebKey;
}

export interface SandboxState {
  version: 1;
  keys: Record<Flavour, PlatformKey>;
  /** Keys a rotation replaced, still published next to the current one until retired. */
  previousKeys?: Partial<Record<Flavour, PlatformKey[]>>;
  /** HMAC secret for the hints the sandbox issues to itself (login hints, deep linking data). */
  hintSecret: string;
  courses: Course[];
  resourceLinks: ResourceLink[];
  lineItems: LineItem[];
  results: Result[];
  gradebook: GradebookRow[];
  registrations: ToolRegistration[];
  nextId: number;
}

/** Public description of one flavour: where its endpoints are and what was seeded. */
export interface FlavourInfo {
  flavour: Flavour;
  productFamilyCode: string;
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  openidConfigurationUrl: string;
  registrationEndpoint: string;
  courseId: string;
  teacherId: string;
  studentIds: string[];
}
