import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { verifyCertificate } from '../access/public';
import { keyRingFor } from '../crypto/sealed';
import type { Mailer } from '../mail';
import { startJobQueue } from '../jobs';
import type { Storage } from '../storage';
import { auditRoutes } from './audit';
import { caseRoutes } from './cases';
import { authRoutes } from './auth';
import { capacityRoutes } from './capacity';
import { dashboardRoutes } from './dashboard';
import { exportRoutes } from './exports';
import { healthRoutes } from './health';
import { instrumentRoutes } from './instruments';
import { learningRoutes } from './learning';
import { organisationRoutes } from './organisations';
import { placeRoutes } from './places';
import { answersRoutes, responseRoutes } from './responses';
import { userRoutes } from './users';

/** What a feature's routes get: auth and health work below the gateway, so they get the database. */
export interface FeatureContext {
  db: Db;
  config: Config;
  /** Account emails; undefined without ERTAD_SMTP_URL. */
  mailer: Mailer | undefined;
  /** Where files live: local disk under the data directory, or an S3-compatible store. */
  storage: Storage;
}

export interface Feature {
  name: string;
  /** Registered under /api/v1 unless `root` (health and readiness live at the top). */
  routes: (app: FastifyInstance, context: FeatureContext) => Promise<void>;
  root?: boolean;
}

/** The features the app registers, in order. Adding a feature is adding a line here. */
export const FEATURES: Feature[] = [
  { name: 'health', routes: (app, { db }) => healthRoutes(app, { db }), root: true },
  { name: 'auth', routes: (app, context) => authRoutes(app, context) },
  { name: 'organisations', routes: (app) => organisationRoutes(app) },
  { name: 'places', routes: (app) => placeRoutes(app) },
  { name: 'users', routes: (app, { mailer }) => userRoutes(app, { mailer }) },
  { name: 'audit', routes: (app) => auditRoutes(app) },
  { name: 'dashboard', routes: (app) => dashboardRoutes(app) },
  { name: 'instruments', routes: (app) => instrumentRoutes(app) },
  {
    name: 'responses',
    routes: (app, { config }) =>
      responseRoutes(app, { attachmentLimits: { perResponse: config.attachmentsPerResponse, perOrganisationBytes: config.attachmentMbPerOrganisation * 1024 * 1024 } }),
  },
  { name: 'capacity', routes: (app, { storage }) => capacityRoutes(app, { storage }) },
  {
    name: 'cases',
    routes: async (app, { db, config }) => caseRoutes(app, await keyRingFor(db, config)),
  },
  { name: 'answers', routes: (app) => answersRoutes(app) },
  {
    name: 'exports',
    routes: async (app, { db, config, storage }) =>
      exportRoutes(app, { jobs: await startJobQueue(db, app.log, { schedule: config.exportWorkers > 0 }), storage, workers: config.exportWorkers }),
  },
  { name: 'learning', routes: (app, { db, storage }) => learningRoutes(app, { verify: (code) => verifyCertificate(db, code), storage }) },
];
