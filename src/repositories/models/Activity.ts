/** A resource link placed in a course (an "activity"), with where its grades go. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const activitySchema = new Schema(
  {
    courseId: { type: Schema.Types.ObjectId, required: true },
    resourceLinkId: { type: String, required: true },
    title: { type: String, default: '' },
    lineItemUrl: { type: String },
    lineItemsUrl: { type: String },
    agsScopes: { type: [String], default: [] },
    /** Line item found or created by Pathwise when the launch had none, or the launch's was deleted. */
    resolvedLineItemUrl: { type: String },
    /** Line item URLs that answered 404 (deleted in the LMS): never sent to again. */
    goneLineItemUrls: { type: [String], default: [] },
    /** The activity (of a course this one was copied from) whose settings this one took over. */
    inheritedFrom: { type: Schema.Types.ObjectId },
    /** Skills the teacher chose when adding the activity (Deep Linking custom parameter `skills`). */
    skillIds: { type: [String], default: [] },
    /** "mastery": share of the activity's skills mastered; "completion": share worked through (see README). */
    gradingMode: { type: String, enum: ['mastery', 'completion'], default: 'mastery' },
    /** P(mastered) at which a skill counts as mastered in this activity. */
    masteryThreshold: { type: Number, min: 0.5, max: 0.99, default: 0.95 },
    /** When a teacher last opened this activity's class overview (to the hour): start-up warms these (presenters/overviewWarmer.ts). */
    overviewViewedAt: { type: Date },
  },
  { timestamps: true, collection: 'pw_activities' },
);
activitySchema.index({ courseId: 1, resourceLinkId: 1 }, { unique: true });

export type ActivityDoc = InferSchemaType<typeof activitySchema> & { _id: mongoose.Types.ObjectId };
export const Activity = mongoose.model('PwActivity', activitySchema);
