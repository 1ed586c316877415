import { z } from 'zod';
import { exportFormat, listQuery, patchOf, recordVersion } from './list';

// CSO capacity development: assessment rounds, GESI-OCA assessments (raters' forms and the
// consensus form come from the instruments engine), results, development plans, mentoring,
// supervision and material support.

export const ROUND_KINDS = ['baseline', 'midline', 'endline'] as const;
/** rating: raters score independently; consensus: the facilitated form is open; final: consensus submitted. */
export const ASSESSMENT_STATUSES = ['rating', 'consensus', 'final'] as const;
export const PLAN_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export const MENTORING_FORMATS = ['in_person', 'online', 'phone'] as const;
export const SUPERVISION_TYPES = ['individual', 'group', 'case_consultation'] as const;
export const SUPPORT_CATEGORIES = ['renovation', 'accessibility', 'equipment', 'it', 'vehicle', 'other'] as const;
export const CURRENCIES = ['GEL', 'EUR'] as const;
export const TARGET_GROUPS = ['children_disabilities', 'persons_disabilities', 'families_at_risk', 'elderly', 'others'] as const;
export const BUDGET_BANDS = ['under_50k', '50k_200k', '200k_500k', 'over_500k'] as const;
export const PREMISES_ACCESSIBILITY = ['full', 'partial', 'none'] as const;
/** Key documents a CSO keeps in its profile. */
export const DOCUMENT_KINDS = ['statute', 'policy', 'annual_report', 'other'] as const;
/** Documents are PDFs, Office or OpenDocument files, or scans (images), recognised by their bytes. */
export const DOCUMENT_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'image/jpeg',
  'image/png',
] as const;
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

/** Sub-areas scoring at or below this suggest plan actions; the target is one step up. */
export const LOW_SCORE = 2.5;
/** Aggregates over fewer CSOs than this are suppressed for municipal and donor users. */
export const MIN_CELL = 5;

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().max(max);
/**
 * The earliest day a mentoring, supervision or support record may carry. The programme and the
 * consortium's earlier work with these CSOs began long after it, so any older date is a slip of
 * the year (1900, 0026, 1026 …), never history being entered; a later floor would risk refusing
 * a CSO's genuinely old support record when its history is filled in.
 */
export const RECORDS_FROM = '2000-01-01';
/**
 * The longest one mentoring visit or supervision may last: a long working day. A longer one is a
 * slip (1200 typed for 120); a several-day event is recorded day by day.
 */
export const MAX_SESSION_MINUTES = 12 * 60;
/** A day something was held or delivered: not before RECORDS_FROM (not after today: the server checks in Tbilisi's day). */
const recordDate = isoDate.refine((d) => d >= RECORDS_FROM, { message: 'capacity.errors.beforeRecords' });
const minutes = z.number().int().min(1, { message: 'capacity.errors.duration' }).max(MAX_SESSION_MINUTES, { message: 'capacity.errors.duration' });

export const roundInput = z
  .object({
    kind: z.enum(ROUND_KINDS),
    nameKa: text(200).min(1),
    nameEn: text(200).min(1),
    startsOn: isoDate,
    endsOn: isoDate,
  })
  .refine((r) => r.endsOn >= r.startsOn, { path: ['endsOn'], message: 'capacity.errors.endBeforeStart' });
export const roundPatch = z.object({ nameKa: text(200).min(1).optional(), nameEn: text(200).min(1).optional(), startsOn: isoDate.optional(), endsOn: isoDate.optional(), version: recordVersion });
export const round = z.object({
  id: z.uuid(),
  kind: z.enum(ROUND_KINDS),
  nameKa: z.string(),
  nameEn: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  version: z.number().int(),
});
export type Round = z.infer<typeof round>;

export const assessmentInput = z.object({
  organisationId: z.uuid(),
  roundId: z.uuid(),
  facilitators: text(1000).default(''),
  participants: text(2000).default(''),
});
export const assessmentPatch = z.object({ facilitators: text(1000).optional(), participants: text(2000).optional(), version: recordVersion });
export const ratingInput = z.object({ raterName: text(200).min(1) });

export const rating = z.object({
  responseId: z.uuid(),
  raterName: z.string(),
  status: z.enum(['draft', 'submitted']),
  overall: z.number().nullable(),
});
/** One sub-area's spread across raters: the widest disagreements are discussed first. */
export const disagreement = z.object({ subArea: z.string(), domain: z.string(), scores: z.array(z.number()), spread: z.number() });

export const assessment = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationNameKa: z.string(),
  organisationNameEn: z.string(),
  roundId: z.uuid(),
  roundKind: z.enum(ROUND_KINDS),
  roundNameKa: z.string(),
  roundNameEn: z.string(),
  roundStartsOn: z.string(),
  facilitators: z.string(),
  participants: z.string(),
  status: z.enum(ASSESSMENT_STATUSES),
  consensusResponseId: z.uuid().nullable(),
  overall: z.number().nullable(),
  version: z.number().int(),
  updatedAt: z.date(),
});
export type Assessment = z.infer<typeof assessment>;
export const assessmentDetail = assessment.extend({ ratings: z.array(rating), disagreements: z.array(disagreement) });
export type AssessmentDetail = z.infer<typeof assessmentDetail>;

export const assessmentListQuery = listQuery(['round', 'organisation', 'status'] as const, 'round').extend({
  organisationId: z.uuid().optional(),
  roundId: z.uuid().optional(),
  municipalityId: z.uuid().optional(),
  regionId: z.uuid().optional(),
  /** A consortium organisation: the CSOs its mentors are assigned to. */
  partnerId: z.uuid().optional(),
  status: z.enum(ASSESSMENT_STATUSES).optional(),
});
export const assessmentExportQuery = assessmentListQuery.partial().extend(exportFormat.shape);

const label = z.object({ ka: z.string(), en: z.string() });
export const subAreaResult = z.object({ name: z.string(), domain: z.string(), label, score: z.number().nullable() });
export const domainResult = z.object({ name: z.string(), label, score: z.number().nullable() });
export const roundResult = z.object({
  assessmentId: z.uuid(),
  roundId: z.uuid(),
  roundKind: z.enum(ROUND_KINDS),
  roundNameKa: z.string(),
  roundNameEn: z.string(),
  overall: z.number().nullable(),
  domains: z.array(domainResult),
  subAreas: z.array(subAreaResult),
});
export const CHANGE_DIRECTIONS = ['improved', 'same', 'worse', 'new'] as const;
export const change = z.object({
  name: z.string(),
  domain: z.string(),
  label,
  before: z.number().nullable(),
  after: z.number().nullable(),
  delta: z.number().nullable(),
  direction: z.enum(CHANGE_DIRECTIONS),
});
export const results = z.object({
  organisationId: z.uuid(),
  rounds: z.array(roundResult),
  /** Between the last two final rounds, per sub-area. */
  change: z.array(change),
  changeSummary: z.object({ improved: z.number().int(), same: z.number().int(), worse: z.number().int() }),
});
export type Results = z.infer<typeof results>;
export type RoundResult = z.infer<typeof roundResult>;
export type Change = z.infer<typeof change>;

export const planActionInput = z.object({
  organisationId: z.uuid(),
  subArea: text(100).min(1),
  baselineScore: z.number().min(0).max(4).nullable().optional(),
  targetScore: z.number().min(0).max(4).nullable().optional(),
  priority: z.number().int().min(1).max(3).default(2),
  action: text(2000).min(1),
  responsible: text(200).default(''),
  responsibleUserId: z.uuid().nullable().optional(),
  resources: text(2000).default(''),
  deadline: isoDate.nullable().optional(),
  status: z.enum(PLAN_STATUSES).default('planned'),
  evidence: text(2000).default(''),
});
export const planActionPatch = patchOf(planActionInput.omit({ organisationId: true }).shape);
export const planAction = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  assessmentId: z.uuid().nullable(),
  subArea: z.string(),
  subAreaLabel: label.nullable(),
  baselineScore: z.number().nullable(),
  targetScore: z.number().nullable(),
  priority: z.number().int(),
  action: z.string(),
  responsible: z.string(),
  responsibleUserId: z.uuid().nullable(),
  /** The responsible user's name as it is now (null without a user, or one the reader cannot see): shown before `responsible`, the free text kept for actions without a user. */
  responsibleUserName: z.string().nullable(),
  resources: z.string(),
  deadline: z.string().nullable(),
  status: z.enum(PLAN_STATUSES),
  evidence: z.string(),
  overdue: z.boolean(),
  version: z.number().int(),
});
export type PlanAction = z.infer<typeof planAction>;
export const planActionListQuery = listQuery(['priority', 'deadline', 'status'] as const, 'priority').extend({
  organisationId: z.uuid().optional(),
  status: z.enum(PLAN_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  mine: z.enum(['true', 'false']).optional(),
});
export const planActionExportQuery = planActionListQuery.partial().extend(exportFormat.shape);
export const planProgress = z.object({ total: z.number().int(), done: z.number().int(), overdue: z.number().int(), percent: z.number().int() });
export type PlanProgress = z.infer<typeof planProgress>;
export const generatePlanResult = z.object({ created: z.number().int() });
/** How many actions suggesting the plan would add now (asked before, so the confirmation can say). */
/** A user who may be named responsible for a plan action (an active user of the CSO). */
export const planResponsible = z.object({ id: z.uuid(), displayName: z.string() });
/** A user who may be picked as supervisor (the CSO's or a consortium organisation's) or supervisee (the CSO's own). */
export const supervisionPerson = z.object({ id: z.uuid(), displayName: z.string(), organisationId: z.uuid(), ownOrganisation: z.boolean() });
export const planPreview = z.object({ count: z.number().int() });

const followUp = z.object({ text: text(500).min(1), dueOn: isoDate.nullable() });
export const mentoringInput = z.object({
  organisationId: z.uuid(),
  heldOn: recordDate,
  mentorName: text(200).optional(),
  participants: text(2000).default(''),
  format: z.enum(MENTORING_FORMATS),
  durationMinutes: minutes,
  topics: text(2000).default(''),
  planActionIds: z.array(z.uuid()).max(50).default([]),
  followUps: z.array(followUp).max(50).default([]),
  notes: text(5000).default(''),
});
export const mentoringPatch = patchOf(mentoringInput.omit({ organisationId: true }).shape);
export const mentoringSession = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  mentorUserId: z.uuid().nullable(),
  mentorName: z.string(),
  heldOn: z.string(),
  participants: z.string(),
  format: z.enum(MENTORING_FORMATS),
  durationMinutes: z.number().int(),
  topics: z.string(),
  planActionIds: z.array(z.uuid()),
  followUps: z.array(z.object({ text: z.string(), dueOn: z.string().nullable() })),
  notes: z.string(),
  version: z.number().int(),
});
export type MentoringSession = z.infer<typeof mentoringSession>;
const periodFilter = { organisationId: z.uuid().optional(), from: isoDate.optional(), to: isoDate.optional() };
export const mentoringListQuery = listQuery(['heldOn'] as const, 'heldOn').extend({ ...periodFilter, dir: z.enum(['asc', 'desc']).default('desc') });
export const mentoringExportQuery = mentoringListQuery.partial().extend(exportFormat.shape);

/**
 * Supervisor and supervisee: a user picked (the supervisee one of the CSO's, the supervisor one of
 * the CSO's or of a consortium organisation), or a name typed for someone without an account; one
 * of the two is required (checked by the server, with the record's stored values on a correction).
 */
export const supervisionInput = z.object({
  organisationId: z.uuid(),
  supervisor: text(200).default(''),
  supervisorUserId: z.uuid().nullable().optional(),
  supervisee: text(200).default(''),
  superviseeUserId: z.uuid().nullable().optional(),
  heldOn: recordDate,
  durationMinutes: minutes,
  type: z.enum(SUPERVISION_TYPES),
  themes: text(2000).default(''),
});
export const supervisionPatch = patchOf(supervisionInput.omit({ organisationId: true }).shape);
// As stored: a record kept before a rule was tightened still reads (durations up to 24 hours were accepted once).
export const supervisionSession = supervisionInput.extend({
  id: z.uuid(),
  organisationId: z.uuid(),
  heldOn: z.string(),
  durationMinutes: z.number().int(),
  version: z.number().int(),
  supervisorUserId: z.uuid().nullable(),
  superviseeUserId: z.uuid().nullable(),
  /** The picked users' names as they are now (null without a user, or one the reader cannot see: then the typed name). */
  supervisorName: z.string().nullable(),
  superviseeName: z.string().nullable(),
});
export type SupervisionSession = z.infer<typeof supervisionSession>;
export const supervisionListQuery = listQuery(['heldOn'] as const, 'heldOn').extend({ ...periodFilter, dir: z.enum(['asc', 'desc']).default('desc') });
export const supervisionExportQuery = supervisionListQuery.partial().extend(exportFormat.shape);
export const supervisionHours = z.object({
  total: z.number(),
  /** Per person supervised: a user (named as they are now) however their name was typed, or a typed name. */
  bySupervisee: z.array(z.object({ supervisee: z.string(), superviseeUserId: z.uuid().nullable(), hours: z.number() })),
});

export const supportInput = z.object({
  organisationId: z.uuid(),
  category: z.enum(SUPPORT_CATEGORIES),
  description: text(2000).min(1),
  value: z.number().min(0).max(1_000_000_000),
  currency: z.enum(CURRENCIES),
  deliveredOn: recordDate.nullable().optional(),
  planActionId: z.uuid().nullable().optional(),
  need: text(1000).default(''),
  acceptanceDocument: text(500).default(''),
});
export const supportItem = supportInput.extend({ id: z.uuid(), deliveredOn: z.string().nullable(), planActionId: z.uuid().nullable(), version: z.number().int() });
export type SupportItem = z.infer<typeof supportItem>;
export const supportListQuery = listQuery(['deliveredOn', 'value'] as const, 'deliveredOn').extend({
  ...periodFilter,
  category: z.enum(SUPPORT_CATEGORIES).optional(),
  dir: z.enum(['asc', 'desc']).default('desc'),
});
export const supportExportQuery = supportListQuery.partial().extend(exportFormat.shape);
export const supportTotals = z.array(z.object({ category: z.enum(SUPPORT_CATEGORIES), currency: z.enum(CURRENCIES), total: z.number(), count: z.number().int() }));

export const profileInput = z.object({
  mission: text(4000).default(''),
  legalForm: text(200).default(''),
  yearFounded: z.number().int().min(1900).max(2100).nullable().optional(),
  targetGroups: z.array(z.enum(TARGET_GROUPS)).max(TARGET_GROUPS.length).default([]),
  services: text(4000).default(''),
  staff: z.object({
    women: z.number().int().min(0).max(100_000),
    men: z.number().int().min(0).max(100_000),
    volunteersWomen: z.number().int().min(0).max(100_000),
    volunteersMen: z.number().int().min(0).max(100_000),
  }).default({ women: 0, men: 0, volunteersWomen: 0, volunteersMen: 0 }),
  budgetBand: z.enum(BUDGET_BANDS).nullable().optional(),
  premisesAccessibility: z.enum(PREMISES_ACCESSIBILITY).nullable().optional(),
  keyDocuments: text(4000).default(''),
  version: z.number().int().min(0).max(2_147_483_647),
});
export const profile = profileInput.extend({ organisationId: z.uuid(), yearFounded: z.number().int().nullable(), budgetBand: z.enum(BUDGET_BANDS).nullable(), premisesAccessibility: z.enum(PREMISES_ACCESSIBILITY).nullable() });
export type Profile = z.infer<typeof profile>;

export const portfolioQuery = z.object({
  roundId: z.uuid().optional(),
  municipalityId: z.uuid().optional(),
  regionId: z.uuid().optional(),
  partnerId: z.uuid().optional(),
});
/** Per CSO × domain (programme staff, mentors: only CSOs they reach). */
export const portfolio = z.object({
  domains: z.array(z.object({ name: z.string(), label })),
  rows: z.array(z.object({ organisationId: z.uuid(), nameKa: z.string(), nameEn: z.string(), overall: z.number().nullable(), scores: z.record(z.string(), z.number().nullable()) })),
});
export const AGGREGATE_GROUPS = ['region', 'municipality'] as const;
export const aggregatesQuery = portfolioQuery.extend({ by: z.enum(AGGREGATE_GROUPS).default('region') });
/** Per region (or municipality) × domain means, with cells under MIN_CELL CSOs suppressed (null, suppressed: true). */
export const aggregates = z.object({
  domains: z.array(z.object({ name: z.string(), label })),
  rows: z.array(z.object({
    id: z.uuid(),
    nameKa: z.string(),
    nameEn: z.string(),
    csos: z.number().int(),
    suppressed: z.boolean(),
    overall: z.number().nullable(),
    scores: z.record(z.string(), z.number().nullable()),
  })),
});

export const orgParams = z.object({ organisationId: z.uuid() });
export const reportQuery = z.object({ lang: z.enum(['ka', 'en']).optional() });
export const report = z.object({
  organisation: z.object({ id: z.uuid(), nameKa: z.string(), nameEn: z.string() }),
  results,
  plan: planProgress,
  mentoringHours: z.number(),
  mentoringSessions: z.number().int(),
  supervisionHours: z.number(),
  support: supportTotals,
});
export type Report = z.infer<typeof report>;

export const csoDocument = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  kind: z.enum(DOCUMENT_KINDS),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  createdAt: z.date(),
});
export type CsoDocument = z.infer<typeof csoDocument>;
export const documentUploadQuery = z.object({ kind: z.enum(DOCUMENT_KINDS) });
