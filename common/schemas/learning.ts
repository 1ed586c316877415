import { z } from 'zod';
import { instrumentSummary } from './answers';
import { SEXES } from './cases';
import { exportFormat, listQuery, patchOf, recordVersion } from './list';

// Learning: the staff register, competence packages → modules → lessons, self-paced enrolment
// with a module test, live trainings with attendance and pre/post tests, certificates, reports.

export const ENROLMENT_STATUSES = ['active', 'completed'] as const;
export const TRAINING_STATUSES = ['planned', 'completed', 'cancelled'] as const;
export const CERTIFICATE_KINDS = ['module', 'training'] as const;
/** Washington Group short set: the six domains, each answered 1 (no difficulty) … 4 (cannot do at all). */
export const WG_DOMAINS = ['seeing', 'hearing', 'walking', 'cognition', 'selfCare', 'communication'] as const;
export const REPORT_GROUPS = ['sex', 'ageBand', 'disability', 'organisation', 'municipality', 'package'] as const;
/** Share of a live training's days a participant must attend for a certificate. */
export const MIN_ATTENDANCE = 0.8;
/** Largest lesson file Ertad stores. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Report cells under this are hidden from readers who do not see participants' results. */
export const LEARNING_MIN_CELL = 5;

export type WgAnswers = Partial<Record<(typeof WG_DOMAINS)[number], 1 | 2 | 3 | 4>>;
/** What learners see of a lesson: the content as it was when last published. */
export interface LessonContent {
  titleKa: string;
  titleEn: string;
  bodyKa: string;
  bodyEn: string;
  videoUrls: string[];
}

/** WG disability identifier: at least one domain with "a lot of difficulty" or "cannot do at all". */
export function wgDisability(wg: WgAnswers | null | undefined): boolean | null {
  if (!wg) return null;
  const values = Object.values(wg);
  if (values.length === 0) return null;
  return values.some((v) => v >= 3);
}

const text = (max: number) => z.string().trim().max(max);
const isoDate = z.iso.date();
const videoUrl = z.url({ protocol: /^https$/ }).max(500);
const wg = z.object(Object.fromEntries(WG_DOMAINS.map((d) => [d, z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional()])) as Record<(typeof WG_DOMAINS)[number], z.ZodOptional<z.ZodUnion<[z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>]>>>);
const currentYear = new Date().getUTCFullYear();


// ---- staff register ----

export const staffInput = z.object({
  organisationId: z.uuid(),
  givenName: text(100).min(1),
  surname: text(100).min(1),
  sex: z.enum(SEXES),
  birthYear: z.number().int().min(1920).max(currentYear - 14).nullable().default(null),
  position: text(200).default(''),
  email: z.union([z.email().max(200), z.literal('')]).default(''),
  phone: text(50).default(''),
  wg: wg.nullable().default(null),
  userId: z.uuid().nullable().default(null),
});
export const staffPatch = patchOf(staffInput.omit({ organisationId: true }).shape);
/** Registering oneself: the organisation and the login are the caller's. */
export const selfInput = staffInput.omit({ organisationId: true, userId: true });

export const staff = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationNameKa: z.string(),
  organisationNameEn: z.string(),
  givenName: z.string(),
  surname: z.string(),
  sex: z.enum(SEXES),
  birthYear: z.number().int().nullable(),
  position: z.string(),
  email: z.string(),
  phone: z.string(),
  /** Only for the person, their CSO manager and programme staff. */
  wg: wg.nullable(),
  disability: z.boolean().nullable(),
  userId: z.uuid().nullable(),
  version: z.number().int(),
});
export type Staff = z.infer<typeof staff>;
/** A login of an organisation, offered to its register's keepers for linking an entry to it. */
export const staffLogin = z.object({ id: z.uuid(), displayName: z.string(), email: z.string(), staffId: z.uuid().nullable() });
export type StaffLogin = z.infer<typeof staffLogin>;
export const staffLoginsQuery = z.object({ organisationId: z.uuid() });

export const staffListQuery = listQuery(['surname', 'createdAt'] as const, 'surname').extend({ organisationId: z.uuid().optional() });
export const staffExportQuery = staffListQuery.partial().extend(exportFormat.shape);

// ---- catalogue ----

export const packageInput = z.object({
  code: z.string().trim().regex(/^[a-z0-9_]{2,60}$/),
  titleKa: text(200).min(1),
  titleEn: text(200).min(1),
  descriptionKa: text(5000).default(''),
  descriptionEn: text(5000).default(''),
  position: z.number().int().min(0).max(1000).default(0),
  published: z.boolean().default(false),
});
export const packagePatch = patchOf(packageInput.omit({ code: true }).shape);

export const moduleInput = z.object({
  packageId: z.uuid(),
  code: z.string().trim().regex(/^[a-z0-9_]{2,60}$/),
  titleKa: text(200).min(1),
  titleEn: text(200).min(1),
  summaryKa: text(5000).default(''),
  summaryEn: text(5000).default(''),
  hours: z.number().min(0.5).max(500).default(1),
  testInstrumentId: z.uuid().nullable().default(null),
  passMark: z.number().min(0).max(100_000).default(0),
  position: z.number().int().min(0).max(1000).default(0),
  published: z.boolean().default(false),
});
export const modulePatch = patchOf(moduleInput.omit({ code: true, packageId: true }).shape);

export const lessonInput = z.object({
  titleKa: text(200).min(1),
  titleEn: text(200).min(1),
  bodyKa: z.string().max(200_000).default(''),
  bodyEn: z.string().max(200_000).default(''),
  videoUrls: z.array(videoUrl).max(20).default([]),
  position: z.number().int().min(0).max(1000).default(0),
});
export const lessonPatch = patchOf(lessonInput.shape);

const localTitle = { titleKa: z.string(), titleEn: z.string() };
export const file = z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), size: z.number().int() });
export const lessonSummary = z.object({ id: z.uuid(), position: z.number().int(), ...localTitle, published: z.boolean() });
export const moduleSummary = z.object({
  id: z.uuid(),
  packageId: z.uuid(),
  code: z.string(),
  ...localTitle,
  summaryKa: z.string(),
  summaryEn: z.string(),
  hours: z.number(),
  testInstrumentId: z.uuid().nullable(),
  passMark: z.number(),
  position: z.number().int(),
  published: z.boolean(),
  version: z.number().int(),
});
export const packageRecord = z.object({
  id: z.uuid(),
  code: z.string(),
  ...localTitle,
  descriptionKa: z.string(),
  descriptionEn: z.string(),
  position: z.number().int(),
  published: z.boolean(),
  version: z.number().int(),
  modules: z.array(moduleSummary),
});
export const moduleDetail = moduleSummary.extend({ lessons: z.array(lessonSummary), package: z.object({ id: z.uuid(), ...localTitle }) });
export const lesson = z.object({
  id: z.uuid(),
  moduleId: z.uuid(),
  position: z.number().int(),
  /** What learners see (the published content); null while never published. */
  content: z.object({ ...localTitle, bodyKa: z.string(), bodyEn: z.string(), videoUrls: z.array(z.string()) }).nullable(),
  /** The draft, for authors only. */
  draft: z.object({ ...localTitle, bodyKa: z.string(), bodyEn: z.string(), videoUrls: z.array(z.string()) }).nullable(),
  publishedNumber: z.number().int(),
  files: z.array(file),
  version: z.number().int(),
});
export type Lesson = z.infer<typeof lesson>;
export type PackageRecord = z.infer<typeof packageRecord>;
export type ModuleDetail = z.infer<typeof moduleDetail>;

// ---- self-paced learning ----

export const enrolInput = z.object({ moduleId: z.uuid(), staffId: z.uuid().optional() });
export const progressInput = z.object({ completed: z.boolean().default(false) });
export const enrolment = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  staffId: z.uuid(),
  staffName: z.string(),
  moduleId: z.uuid(),
  ...localTitle,
  status: z.enum(ENROLMENT_STATUSES),
  lessonsTotal: z.number().int(),
  lessonsCompleted: z.number().int(),
  /** Where to pick up: the last lesson opened, else the first not finished. */
  resumeLessonId: z.uuid().nullable(),
  completedLessonIds: z.array(z.uuid()),
  testResponseId: z.uuid().nullable(),
  testScore: z.number().nullable(),
  passed: z.boolean().nullable(),
  completedAt: z.string().nullable(),
  certificateId: z.uuid().nullable(),
  version: z.number().int(),
});
export type Enrolment = z.infer<typeof enrolment>;
export const enrolmentListQuery = listQuery(['updatedAt'] as const, 'updatedAt').extend({
  dir: z.enum(['asc', 'desc']).default('desc'),
  moduleId: z.uuid().optional(),
  organisationId: z.uuid().optional(),
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export const enrolmentExportQuery = enrolmentListQuery.pick({ moduleId: true, organisationId: true, mine: true }).extend(exportFormat.shape);

// ---- live trainings ----

export const trainingInput = z
  .object({
    moduleId: z.uuid().nullable().default(null),
    packageId: z.uuid().nullable().default(null),
    titleKa: text(200).min(1),
    titleEn: text(200).min(1),
    trainers: text(1000).default(''),
    days: z.array(isoDate).min(1).max(60),
    hoursPerDay: z.number().min(0.5).max(12).default(6),
    venue: text(500).default(''),
    municipalityId: z.uuid().nullable().default(null),
    online: z.boolean().default(false),
    passMark: z.number().min(0).max(100).default(70),
    /** The satisfaction survey participants fill in (an instrument); none when null. */
    surveyInstrumentId: z.uuid().nullable().default(null),
  })
  .refine((t) => !!t.moduleId !== !!t.packageId, { path: ['moduleId'], message: 'learning.errors.moduleOrPackage' })
  .refine((t) => t.online || !!t.municipalityId, { path: ['municipalityId'], message: 'validation.required' });
export const trainingPatch = z.object({
  status: z.enum(TRAINING_STATUSES).optional(),
  trainers: text(1000).optional(),
  venue: text(500).optional(),
  surveyInstrumentId: z.uuid().nullable().optional(),
  version: recordVersion,
});
export const participantInput = z.object({ staffId: z.uuid() });
const score = z.number().min(0).max(100).nullable();
export const participantPatch = z.object({ attendance: z.array(z.boolean()).max(60).optional(), preScore: score.optional(), postScore: score.optional(), version: recordVersion });
export const participant = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  staffId: z.uuid(),
  staffName: z.string(),
  attendance: z.array(z.boolean()),
  preScore: z.number().nullable(),
  postScore: z.number().nullable(),
  /** Post minus pre, in percentage points. */
  gain: z.number().nullable(),
  certificateId: z.uuid().nullable(),
  /** The participant's satisfaction survey (a form about them), once started. */
  surveyResponseId: z.uuid().nullable(),
  version: z.number().int(),
});
export const trainingSummary = z.object({
  id: z.uuid(),
  moduleId: z.uuid().nullable(),
  packageId: z.uuid().nullable(),
  ...localTitle,
  trainers: z.string(),
  days: z.array(z.string()),
  hoursPerDay: z.number(),
  venue: z.string(),
  municipalityId: z.uuid().nullable(),
  online: z.boolean(),
  status: z.enum(TRAINING_STATUSES),
  passMark: z.number(),
  startsOn: z.string(),
  surveyInstrumentId: z.uuid().nullable(),
  version: z.number().int(),
});
export const trainingDetail = trainingSummary.extend({
  participants: z.array(participant),
  /** Mean gain over the participants the reader sees with both scores. */
  averageGain: z.number().nullable(),
});
export type TrainingDetail = z.infer<typeof trainingDetail>;
export type Participant = z.infer<typeof participant>;
/** The satisfaction survey's results over a training's participants: counts only, small ones hidden outside the participants' organisations. */
export const trainingSurvey = z.object({ summary: instrumentSummary.nullable() });
export const trainingListQuery = listQuery(['startsOn'] as const, 'startsOn').extend({ dir: z.enum(['asc', 'desc']).default('desc') });

// ---- certificates ----

export const certificate = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  staffId: z.uuid(),
  kind: z.enum(CERTIFICATE_KINDS),
  code: z.string(),
  holderName: z.string(),
  courseKa: z.string(),
  courseEn: z.string(),
  hours: z.number(),
  issuedOn: z.string(),
});
export type Certificate = z.infer<typeof certificate>;
export const certificateListQuery = listQuery(['issuedOn'] as const, 'issuedOn').extend({
  dir: z.enum(['asc', 'desc']).default('desc'),
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export const certificateExportQuery = certificateListQuery.pick({ mine: true }).extend(exportFormat.shape);
/** All the public verification page shows. */
export const verification = z.object({ holderName: z.string(), courseKa: z.string(), courseEn: z.string(), issuedOn: z.string() });
export const certificateCode = z.object({ code: z.string().regex(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/) });

// ---- the learner's own page ----

export const me = z.object({ staff: staff.nullable(), enrolments: z.array(enrolment), certificates: z.array(certificate) });

// ---- reports ----

export const reportQuery = z.object({
  by: z.enum(REPORT_GROUPS).default('sex'),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export const reportRow = z.object({ group: z.string().nullable(), labelKa: z.string().nullable(), labelEn: z.string().nullable(), people: z.number().int().nullable(), hours: z.number().nullable(), suppressed: z.boolean() });
export const report = z.object({
  by: z.enum(REPORT_GROUPS),
  rows: z.array(reportRow),
  totals: z.object({
    people: z.number().int().nullable(),
    hours: z.number().nullable(),
    enrolments: z.number().int(),
    completionRate: z.number().nullable(),
    passRate: z.number().nullable(),
    averageGain: z.number().nullable(),
  }),
});
export type Report = z.infer<typeof report>;
export const reportExportQuery = reportQuery.extend(exportFormat.shape);
