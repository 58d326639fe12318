/**
 * A course's roster as the LMS last reported it (NRPS): one document per course, replaced or
 * merged in one atomic write. Only names and roles: what the teacher view needs to list students
 * who have not opened Pathwise yet. `links` holds, per resource link (activity) a teacher opened,
 * who can see that link (NRPS with `rlid`): platform ids only, at most MAX_LINK_ROSTERS.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const memberSchema = new Schema(
  {
    sub: { type: String, required: true },
    name: { type: String, default: '' },
    role: { type: String, required: true },
    status: { type: String, enum: ['Active', 'Inactive', 'Deleted'], default: 'Active' },
  },
  { _id: false },
);

/** Link rosters kept per course: the most recently fetched. */
export const MAX_LINK_ROSTERS = 50;

const linkSchema = new Schema(
  {
    resourceLinkId: { type: String, required: true },
    /** The members (`sub`) who can see the link. */
    subs: { type: [String], default: [] },
    fetchedAt: { type: Date, required: true },
    /** The platform refused the link's list: the course roster stands in until the next try. */
    failed: { type: Boolean, default: false },
  },
  { _id: false },
);

const rosterSchema = new Schema(
  {
    /** Also the document's `_id` (repositories/rosters.ts): read by `_id` on every teacher view. */
    courseId: { type: Schema.Types.ObjectId, required: true },
    members: { type: [memberSchema], default: [] },
    fetchedAt: { type: Date },
    differencesUrl: { type: String },
    links: { type: [linkSchema], default: [] },
    /** Why the last refresh failed, in words for the teacher view; unset after a success. */
    lastError: { type: String },
  },
  { timestamps: true, collection: 'pw_rosters' },
);

export type RosterDoc = InferSchemaType<typeof rosterSchema> & { _id: mongoose.Types.ObjectId };
export const Roster = mongoose.model('PwRoster', rosterSchema);
