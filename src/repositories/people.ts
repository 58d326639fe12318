/**
 * People, keyed by registration: (issuer, client id, sub). `migratePeopleToRegistrations` moves
 * data written under the old key (issuer, sub) to the new one; it is idempotent and runs at start-up.
 */
import mongoose, { type Types } from 'mongoose';
import type { Logger } from '../logger.ts';
import { Course } from './models/Course.ts';
import { Enrollment } from './models/Enrollment.ts';
import { Person, type PersonDoc } from './models/Person.ts';

/** What a student's page shows of them, read by `_id` with the driver (the model's query layer cost more CPU than the read). */
export async function personProfile(personId: string): Promise<Pick<PersonDoc, 'name' | 'locale' | 'language' | 'interests'> | null> {
  return (await Person.collection.findOne(
    { _id: new mongoose.Types.ObjectId(personId) },
    { projection: { name: 1, locale: 1, language: 1, interests: 1 } },
  )) as Pick<PersonDoc, 'name' | 'locale' | 'language' | 'interests'> | null;
}

/** Creates or renames the person of this registration (one atomic upsert). */
export async function upsertPerson(p: {
  issuer: string;
  clientId: string;
  sub: string;
  name: string;
  locale?: string;
}): Promise<PersonDoc> {
  const set = { name: p.name, ...(p.locale ? { locale: p.locale } : {}) };
  const doc = await Person.findOneAndUpdate(
    { issuer: p.issuer, clientId: p.clientId, sub: p.sub },
    { $set: set },
    { upsert: true, new: true },
  ).lean<PersonDoc>();
  if (!doc) throw new Error('person upsert returned nothing');
  return doc;
}

/** Collections whose documents belong to one person in one course (courseId + personId). */
const PER_COURSE_PERSON = ['pw_enrollments', 'pw_progress', 'pw_answer_log', 'pw_grade_events'];

/**
 * Old people have no clientId. Each gets the registration of the courses they were enrolled in.
 * Someone enrolled under several registrations (the very case the old key got wrong) is split:
 * the first registration keeps the record, every other gets its own person, and that person's
 * records in those courses are re-pointed. Each step is an idempotent single-document upsert or an
 * updateMany that can be re-run, so an interrupted migration finishes on the next start.
 */
export async function migratePeopleToRegistrations(log: Logger): Promise<{ migrated: number; split: number }> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  const people = db.collection('pw_people');
  const oldIndex = (await people.indexes().catch(() => [])).find((i) => JSON.stringify(i.key) === JSON.stringify({ issuer: 1, sub: 1 }));
  if (oldIndex?.name) await people.dropIndex(oldIndex.name);
  let migrated = 0;
  let split = 0;
  for await (const person of people.find({ clientId: { $exists: false } })) {
    const enrollments = await Enrollment.find({ personId: person._id }, { courseId: 1 }).sort({ createdAt: 1 }).lean();
    const courses = await Course.find({ _id: { $in: enrollments.map((e) => e.courseId) } }, { clientId: 1 }).lean();
    const byClient = new Map<string, Types.ObjectId[]>();
    for (const e of enrollments) {
      const c = courses.find((x) => String(x._id) === String(e.courseId));
      if (!c) continue;
      byClient.set(c.clientId, [...(byClient.get(c.clientId) ?? []), c._id]);
    }
    const [first, ...others] = [...byClient.keys()];
    for (const clientId of others) {
      const copy = await Person.findOneAndUpdate(
        { issuer: person.issuer as string, clientId, sub: person.sub as string },
        { $setOnInsert: { name: (person.name as string) ?? '' } },
        { upsert: true, new: true },
      ).lean();
      const courseIds = byClient.get(clientId) ?? [];
      for (const name of PER_COURSE_PERSON) {
        await db.collection(name).updateMany({ personId: person._id, courseId: { $in: courseIds } }, { $set: { personId: copy!._id } });
      }
      split++;
    }
    // Last: the marker that this person is done (a crash before it repeats only idempotent steps).
    await people.updateOne({ _id: person._id }, { $set: { clientId: first ?? '' } });
    migrated++;
  }
  if (migrated > 0) log.warn({ migrated, split }, 'people re-keyed by registration (issuer + client id)');
  return { migrated, split };
}
