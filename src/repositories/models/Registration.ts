/** A platform registration, found by (issuer, clientId); one registration has many deployments. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const registrationSchema = new Schema(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    name: { type: String, required: true },
    productFamily: { type: String, default: 'unknown' },
    authEndpoint: { type: String, required: true },
    tokenEndpoint: { type: String, required: true },
    jwksUrl: { type: String, required: true },
    deploymentIds: { type: [String], default: [] },
    acceptNewDeployments: { type: Boolean, default: false },
    scopesGranted: { type: [String], default: [] },
  },
  { timestamps: true, collection: 'pw_registrations' },
);
registrationSchema.index({ issuer: 1, clientId: 1 }, { unique: true });

export type RegistrationDoc = InferSchemaType<typeof registrationSchema> & { _id: mongoose.Types.ObjectId };
export const Registration = mongoose.model('PwRegistration', registrationSchema);
