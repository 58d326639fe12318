/**
 * Privacy test helpers. Each test gets its own school (a fresh Moodle registration made through
 * Dynamic Registration, so privacy settings do not leak between tests), its own course and its own
 * people: the sandbox's launch is re-signed with unique names, e-mails, subs and context ids, so a
 * scan of the whole database for those values finds exactly this test's records.
 */
import { createInvite } from '../../src/repositories/registrations.ts';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { stack } from '../support/stack.ts';
import { answer, personOf } from '../support/factories.ts';
import { LtiClient } from '../support/ltiClient.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { Course } from '../../src/repositories/models/Course.ts';
import { startTrail, trail } from './trail.ts';

const CONTEXT = 'https://purl.imsglobal.org/spec/lti/claim/context';
const RESOURCE = 'https://purl.imsglobal.org/spec/lti/claim/resource_link';
const LIS = 'https://purl.imsglobal.org/spec/lti/claim/lis';

export interface School {
  issuer: string;
  clientId: string;
  deploymentId: string;
  /** The sandbox resource link this school's launches go through. */
  linkId: string;
}

/** A new Moodle registration of Pathwise (its own issuer + client id pair); starts the write trail the scan reads. */
export async function newSchool(): Promise<School> {
  const s = await stack();
  startTrail();
  const before = s.sandbox.registrations().length;
  const { token } = await createInvite({ label: 'privacy test school', expiresInMs: 600_000 });
  const { url } = s.sandbox.beginRegistration('moodle', `${s.toolUrl}/lti/register/${token}`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
  const reg = s.sandbox.registrations()[before];
  if (!reg) throw new Error('the sandbox recorded no registration');
  const link = s.sandbox.addResourceLink(s.sandbox.flavours.moodle.courseId, { title: 'Privacy practice', clientId: reg.clientId });
  return {
    issuer: s.sandbox.flavours.moodle.issuer,
    clientId: reg.clientId,
    deploymentId: reg.deploymentIds[0] ?? reg.toolTypeId,
    linkId: link.id,
  };
}

export interface FakePerson {
  sub: string;
  name: string;
  email: string;
}

export interface FakeCourse {
  contextId: string;
  title: string;
  resourceLinkId: string;
}

export function uniquePerson(label: string): FakePerson {
  const tag = randomBytes(6).toString('hex');
  return { sub: `sub-${label}-${tag}`, name: `${label} Q${tag}`, email: `${label}.${tag}@school.test` };
}

export function uniqueCourse(): FakeCourse {
  const tag = randomBytes(6).toString('hex');
  return { contextId: `ctx-${tag}`, title: `Privacy course ${tag}`, resourceLinkId: `rl-${tag}` };
}

/** Launches as `person` into `course` of `school`, as a teacher or a student, through the real OIDC flow. */
export async function launchInto(school: School, course: FakeCourse, person: FakePerson, role: 'teacher' | 'student', client?: LtiClient) {
  const s = await stack();
  s.sandbox.tamper.nextIdToken = (c) => {
    const [given, family] = person.name.split(' ');
    return {
      claims: {
        ...c,
        sub: person.sub,
        name: person.name,
        given_name: given,
        family_name: family,
        email: person.email,
        [CONTEXT]: { ...(c[CONTEXT] as object), id: course.contextId, title: course.title, label: course.title },
        [RESOURCE]: { id: course.resourceLinkId, title: 'Privacy practice' },
        [LIS]: {},
      },
    };
  };
  const { info, user } = await personOf('moodle', role === 'teacher' ? 'teacher' : { student: 0 });
  const ltiClient = client ?? new LtiClient();
  const launchUrl = s.sandbox.launchUrl({
    flavour: 'moodle',
    courseId: info.courseId,
    userId: user.id,
    resourceLinkId: school.linkId,
    clientId: school.clientId,
    deploymentId: school.deploymentId,
  });
  const r = { ...(await ltiClient.launch({ sandboxUrl: s.sandboxUrl, launchUrl })), client: ltiClient };
  if (r.status !== 200) throw new Error(`launch failed (${r.status}): ${r.html.replace(/<[^>]+>/g, ' ').slice(0, 300)}`);
  const dbPerson = await Person.findOne({ issuer: school.issuer, clientId: school.clientId, sub: person.sub }).lean();
  const dbCourse = await Course.findOne({ clientId: school.clientId, contextId: course.contextId }).lean();
  if (!dbPerson || !dbCourse) throw new Error('the launch stored no person or course');
  return { ...r, personId: String(dbPerson._id), courseId: String(dbCourse._id) };
}

/** Answers `n` questions on the practice page of a launch (real answers through HTTP). */
export async function answerSome(r: { client: LtiClient; url: string; html: string }, n: number): Promise<void> {
  let { html } = r;
  for (let i = 0; i < n; i++) {
    const res = await answer(r.client, r.url, html, '1/2');
    if (res.status !== 200) throw new Error(`answer refused (${res.status}): ${res.html.replace(/<[^>]+>/g, ' ').slice(0, 300)}`);
    html = res.html;
  }
}

/**
 * Every record of every collection of the database whose JSON contains one of `needles`
 * (ids, subs, names, e-mails, context ids): collection name -> record ids. Every collection the
 * database lists is checked; in each, the records written since the test made its school are
 * read (see trail.ts), and the whole collection when a write did not name its records.
 */
export async function scan(needles: Array<string | RegExp>): Promise<Record<string, string[]>> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  const t = trail();
  if (!t.watching()) throw new Error('the database connection changed since the write trail started');
  const found: Record<string, string[]> = {};
  // A pattern is for a needle that is the start of another value ("Student1 C57" in "Student1 C570").
  const hit = (text: string, n: string | RegExp) =>
    typeof n === 'string' ? text.includes(n) || text.includes(encodeURIComponent(n)) : n.test(text);
  const check = (name: string, doc: Record<string, unknown>) => {
    const text = JSON.stringify(doc);
    if (needles.some((n) => hit(text, n))) (found[name] ??= []).push(String(doc._id));
  };
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const collection = db.collection(name);
    if (t.blind || t.whole.has(name)) {
      for await (const doc of collection.find({})) check(name, doc);
      continue;
    }
    // One `_id` equality at a time: the engine finds those without reading the collection.
    for (const id of t.ids.get(name)?.values() ?? []) {
      const doc = await collection.findOne({ _id: id as mongoose.mongo.BSON.ObjectId });
      if (doc) check(name, doc);
    }
  }
  for (const ids of Object.values(found)) ids.sort();
  // PRIVACY_SCAN_VERIFY=1: also read every document of every collection and insist on the same answer.
  if (process.env.PRIVACY_SCAN_VERIFY) {
    const full: Record<string, string[]> = {};
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray())
      for await (const doc of db.collection(name).find({})) {
        const text = JSON.stringify(doc);
        if (needles.some((n) => hit(text, n))) (full[name] ??= []).push(String(doc._id));
      }
    for (const ids of Object.values(full)) ids.sort();
    assert.deepEqual(found, full, 'the scan of the written records differs from reading every record');
  }
  return found;
}
