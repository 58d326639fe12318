/**
 * The sandbox's public API as tests and `npm start` see it (implemented in index.ts): options,
 * launch URL parameters, and the Sandbox object with its test helpers.
 */
import type express from 'express';
import type { Logger } from 'pino';
import type { SandboxSettings, Tamper } from './context.ts';
import type { NewRegistration } from './registry.ts';
import type {
  Course,
  Flavour,
  FlavourInfo,
  GradebookRow,
  LineItem,
  MessageType,
  ResourceLink,
  Result,
  ToolRegistration,
  User,
} from './types.ts';

export interface SandboxOptions {
  /** Public URL of the sandbox, e.g. http://127.0.0.1:3100 (used in issuers and every endpoint). */
  baseUrl: string;
  /** JSON persistence (npm start); omitted = in-memory. */
  stateFile?: string;
  logger?: Logger;
  now?: () => number;
  settings?: Partial<SandboxSettings>;
}

export interface LaunchUrlParams {
  flavour: Flavour;
  courseId: string;
  userId: string;
  resourceLinkId?: string;
  messageType?: MessageType;
  clientId?: string;
  deploymentId?: string;
}

export interface Sandbox {
  app: express.Express;
  flavours: Record<Flavour, FlavourInfo>;
  settings: SandboxSettings;
  tamper: Tamper;
  beginRegistration(flavour: Flavour, toolRegistrationUrl: string): { url: string; openidConfiguration: string; registrationToken: string };
  registerTool(flavour: Flavour, input: NewRegistration): ToolRegistration;
  addDeployment(clientId: string): string;
  /** An LMS admin deletes the tool (a school leaving): its links stay, its launches stop. */
  removeRegistration(clientId: string): void;
  registrations(): ToolRegistration[];
  launchUrl(p: LaunchUrlParams): string;
  courses(): Course[];
  users(courseId: string): User[];
  /** Sets a member's language, which later launches carry as `locale`. */
  setUserLocale(courseId: string, userId: string, locale: string): void;
  resourceLinks(courseId: string): ResourceLink[];
  addResourceLink(
    courseId: string,
    link: {
      title: string;
      url?: string;
      custom?: Record<string, string>;
      clientId?: string;
      lineItem?: { label?: string; scoreMaximum: number; resourceId?: string; tag?: string };
    },
  ): ResourceLink;
  lineItems(courseId: string): LineItem[];
  /** Test helpers acting as the LMS's people (see admin.ts). */
  addCourse(flavour: Flavour, p: { title: string; students: number }): Course;
  setMemberStatus(courseId: string, userId: string, status: 'Active' | 'Inactive' | 'Deleted'): void;
  /** Restricts a link to some students (user ids), or opens it to all again (undefined). */
  setLinkAudience(resourceLinkId: string, userIds: string[] | undefined): void;
  deleteLineItemByTeacher(lineItemId: string): void;
  overrideResult(lineItemId: string, userSub: string, resultScore: number): void;
  copyCourse(courseId: string): { course: Course; links: Record<string, string> };
  addLineItem(courseId: string, p: { resourceLinkId: string; label: string; tag?: string; resourceId?: string }): string;
  gradebook(courseId: string): GradebookRow[];
  results(courseId: string): Result[];
  signIdToken(flavour: Flavour, claims: Record<string, unknown>): string;
  /**
   * Key rotation as a platform does it: a new key signs from now on, the old one stays in the
   * JWKS until `retirePreviousKeys` (tools must pick up the new kid by refetching the JWKS).
   */
  rotateKey(flavour: Flavour): { previousKid: string; kid: string };
  retirePreviousKeys(flavour: Flavour): void;
  launchClaims(p: {
    flavour: Flavour;
    courseId: string;
    userId: string;
    resourceLinkId?: string;
    messageType?: MessageType;
    clientId?: string;
    nonce: string;
  }): Record<string, unknown>;
}
