import { z } from 'zod';
import { exportFormat, listQuery, pageOf, recordVersion } from './list';

export const SEXES = ['female', 'male'] as const;
export const CONSENT_GIVERS = ['person', 'representative'] as const;
export const CASE_STATUSES = ['intake', 'assessment', 'planning', 'active', 'review', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const SESSION_KINDS = ['individual', 'group'] as const;
export const APPROVAL_KINDS = ['plan', 'closure'] as const;
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const REFERRAL_URGENCIES = ['routine', 'urgent', 'emergency'] as const;
export const REFERRAL_DECISIONS = ['accepted', 'declined', 'completed'] as const;
export const REFERRAL_STATUSES = ['pending', 'accepted', 'declined', 'revoked', 'completed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const SERVICE_TYPES = [
  'day_care',
  'rehabilitation',
  'early_intervention',
  'family_support',
  'psychosocial_support',
  'home_care',
  'inclusive_education',
  'legal_aid',
  'other',
] as const;
/** What a referral may share with the receiver once accepted; the personal number never travels. */
/** Who a CSO serves (the results framework counts by these). */
export const PERSON_TARGET_GROUPS = ['children_with_disabilities', 'persons_with_disabilities', 'families_at_risk', 'other'] as const;
/** The language a person is best spoken to in: Georgian, the minority languages, Georgian Sign Language. */
export const PERSON_LANGUAGES = ['ka', 'az', 'hy', 'ru', 'en', 'gsl', 'other'] as const;
/**
 * Disability screening by age, with the built-in instruments: the Child Functioning Module for
 * children of 2–4 and 5–17, the Washington Group Short Set for adults. None under 2.
 */
export const SCREENING_CODES = ['cfm_2_4', 'cfm_5_17', 'wg_ss'] as const;
export type ScreeningCode = (typeof SCREENING_CODES)[number];
export function screeningFor(age: number | null): ScreeningCode | null {
  if (age === null || age < 2) return null;
  return age < 5 ? 'cfm_2_4' : age < 18 ? 'cfm_5_17' : 'wg_ss';
}
/** Age in whole years on `today`: from the birth date, or from the estimated age given at registration. */
export function ageOn(birthDate: string | null, estimatedAge: number | null, today = new Date()): number | null {
  if (!birthDate) return estimatedAge;
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const before = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  return today.getUTCFullYear() - y - (before ? 1 : 0);
}

export const SHARED_FIELDS = ['name', 'sex', 'birthDate', 'contacts', 'address', 'accessibility', 'disability'] as const;
export type SharedField = (typeof SHARED_FIELDS)[number];

/** The next statuses a case may move to; closing goes through an approved closure request. */
export const CASE_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  intake: ['assessment'],
  assessment: ['planning'],
  planning: ['active'],
  active: ['review'],
  review: ['active', 'planning'],
  closed: [],
};

const text = (max: number) => z.string().trim().max(max);
const isoDate = z.iso.date();

/** Georgian personal number: 11 digits. */
export const personalNumber = z.string().trim().regex(/^\d{11}$/, 'cases.validation.personalNumber');

export interface PlanGoal {
  id: string;
  text: string;
  services: string;
  frequency: string;
  responsibleUserId: string | null;
}
export interface GoalScore {
  goalId: string;
  /** Goal attainment scale: -2 much less than expected … +2 much more. */
  score: number;
}

// ---- services -----------------------------------------------------------------------------
export const serviceInput = z.object({
  organisationId: z.uuid(),
  type: z.enum(SERVICE_TYPES),
  nameKa: text(200).min(1),
  nameEn: text(200).default(''),
  targetGroup: text(200).default(''),
  ageFrom: z.number().int().min(0).max(120).nullable().default(null),
  ageTo: z.number().int().min(0).max(120).nullable().default(null),
  capacity: z.number().int().min(0).max(100_000).nullable().default(null),
  municipalityId: z.uuid().nullable().default(null),
  stateFunded: z.boolean().default(false),
  accessibility: text(1000).default(''),
  openingHours: text(200).default(''),
});
export const service = serviceInput.extend({ id: z.uuid(), version: z.number().int() });
/** Editing a service: any field but the organisation, against the version read (no defaults: what is not sent stays). */
export const servicePatch = z.object({
  type: z.enum(SERVICE_TYPES).optional(),
  nameKa: text(200).min(1).optional(),
  nameEn: text(200).optional(),
  targetGroup: text(200).optional(),
  ageFrom: z.number().int().min(0).max(120).nullable().optional(),
  ageTo: z.number().int().min(0).max(120).nullable().optional(),
  capacity: z.number().int().min(0).max(100_000).nullable().optional(),
  municipalityId: z.uuid().nullable().optional(),
  stateFunded: z.boolean().optional(),
  accessibility: text(1000).optional(),
  openingHours: text(200).optional(),
  version: recordVersion,
});
export type Service = z.infer<typeof service>;
export const serviceListQuery = listQuery(['nameKa', 'type'], 'nameKa').extend({ organisationId: z.uuid().optional() });

// ---- people -------------------------------------------------------------------------------
export const consentInput = z.object({
  givenBy: z.enum(CONSENT_GIVERS),
  representativeName: text(200).default(''),
  givenOn: isoDate,
  processing: z.boolean(),
  referralSharing: z.boolean().default(false),
  photos: z.boolean().default(false),
  formReference: text(500).default(''),
});
export type ConsentInput = z.infer<typeof consentInput>;

/** The registration minimum, always allowed. */
const registrationMinimum = {
  organisationId: z.uuid(),
  givenName: text(100).min(1),
  surname: text(100).min(1),
  sex: z.enum(SEXES),
  birthDate: isoDate.nullable().default(null),
  estimatedAge: z.number().int().min(0).max(120).nullable().default(null),
  municipalityId: z.uuid().nullable().default(null),
};
const targetGroup = z.union([z.enum(PERSON_TARGET_GROUPS), z.literal('')]);
/** The raw answers of a disability screening, by question name (the instrument engine checks them). */
export const screeningInput = z.object({ instrumentCode: z.enum(SCREENING_CODES), answers: z.record(z.string().max(100), z.union([z.string().max(1000), z.number(), z.boolean()])) });
/** A legal representative registered in the same flow as the child: the registration minimum and a phone. */
export const newRepresentativeInput = z.object({
  givenName: text(100).min(1),
  surname: text(100).min(1),
  sex: z.enum(SEXES),
  birthDate: isoDate.nullable().default(null),
  estimatedAge: z.number().int().min(14).max(120).nullable().default(null),
  phone: text(50).default(''),
});
/** Stored only with consent to processing. */
const consentedDetails = {
  personalNumber: personalNumber.nullable().default(null),
  address: text(500).default(''),
  phone: text(50).default(''),
  language: z.enum(PERSON_LANGUAGES).default('ka'),
  accessibilityNeeds: text(1000).default(''),
  targetGroup: targetGroup.default(''),
  disability: z.boolean().nullable().default(null),
  /** Disability through the screening that fits the age: the result is worked out and kept with the raw answers. */
  screening: screeningInput.nullable().default(null),
  /** A child's legal representative: a person the CSO already serves, or one registered in the same flow. */
  representativeId: z.uuid().nullable().default(null),
  newRepresentative: newRepresentativeInput.nullable().default(null),
};
export const personInput = z.object({ ...registrationMinimum, ...consentedDetails, consent: consentInput.nullable().default(null) });
export type PersonInput = z.infer<typeof personInput>;
/**
 * Changing a person's details after registration (contacts, needs, the legal representative):
 * only what was sent changes, against the version read; consented fields need live consent.
 */
export const personPatch = z.object({
  municipalityId: z.uuid().nullable().optional(),
  address: text(500).optional(),
  phone: text(50).optional(),
  language: z.enum(PERSON_LANGUAGES).optional(),
  accessibilityNeeds: text(1000).optional(),
  targetGroup: targetGroup.optional(),
  disability: z.boolean().nullable().optional(),
  representativeId: z.uuid().nullable().optional(),
  version: recordVersion,
});
export const duplicateCheckInput = z.object({
  organisationId: z.uuid(),
  givenName: text(100).default(''),
  surname: text(100).default(''),
  birthDate: isoDate.nullable().default(null),
  personalNumber: personalNumber.nullable().default(null),
});

export const consent = consentInput.extend({ id: z.uuid(), withdrawnAt: z.string().nullable() });
export const personSummary = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  /** Only inside the serving CSO (or where a referral shares it): null otherwise. */
  givenName: z.string().nullable(),
  surname: z.string().nullable(),
  latinName: z.string().nullable(),
  sex: z.enum(SEXES).nullable(),
  birthDate: z.string().nullable(),
  /** When only an age was known at registration: the age now (shown "~N years"); null with a birth date. */
  estimatedAge: z.number().int().nullable(),
  ageBand: z.string().nullable(),
  erased: z.boolean(),
});
export type PersonSummary = z.infer<typeof personSummary>;
export const person = personSummary.extend({
  version: z.number().int(),
  /** How the reader sees this record: the serving CSO in full, a referral receiver the agreed subset. */
  view: z.enum(['full', 'referral']),
  personalNumber: z.string().nullable(),
  municipalityId: z.uuid().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  language: z.string().nullable(),
  accessibilityNeeds: z.string().nullable(),
  targetGroup: z.string().nullable(),
  disability: z.boolean().nullable(),
  /** The screening the disability result comes from (its raw answers stay in that form). */
  disabilityScreening: z.object({ responseId: z.uuid(), instrumentCode: z.string() }).nullable(),
  representativeId: z.uuid().nullable(),
  consents: z.array(consent),
  hasProcessingConsent: z.boolean(),
});
export type Person = z.infer<typeof person>;
export const personListQuery = listQuery(['surname', 'createdAt'], 'surname').extend({ organisationId: z.uuid().optional(), targetGroup: z.enum(PERSON_TARGET_GROUPS).optional() });
export const duplicateCheck = z.object({
  /** Close matches within the CSO, shown before saving. */
  matches: z.array(personSummary),
  /** A possible match exists at another organisation: never who or where. */
  elsewhere: z.boolean(),
});

// ---- cases --------------------------------------------------------------------------------
export const caseInput = z.object({ personId: z.uuid(), caseWorkerId: z.uuid().nullable().default(null), openedOn: isoDate.optional() });
export const caseRecord = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  caseWorkerId: z.uuid(),
  status: z.enum(CASE_STATUSES),
  closureReason: z.string(),
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  nextFollowUp: z.string().nullable(),
  version: z.number().int(),
});
export type CaseRecord = z.infer<typeof caseRecord>;
export const caseListQuery = listQuery(['openedOn', 'status'], 'openedOn').extend({ status: z.enum(CASE_STATUSES).optional(), personId: z.uuid().optional() });
export const statusInput = z.object({ status: z.enum(CASE_STATUSES), version: recordVersion, nextFollowUp: isoDate.nullable().optional() });

export const goalInput = z.object({
  id: z.string().trim().min(1).max(40),
  text: text(1000).min(1),
  services: text(500).default(''),
  frequency: text(200).default(''),
  responsibleUserId: z.uuid().nullable().default(null),
});
export const planInput = z.object({ goals: z.array(goalInput).min(1).max(30), reviewOn: isoDate });
export const plan = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  goals: z.array(goalInput),
  reviewOn: z.string(),
  approval: z.enum(['none', ...APPROVAL_STATUSES]),
  version: z.number().int(),
});

export const sessionInput = z.object({
  kind: z.enum(SESSION_KINDS),
  heldOn: isoDate,
  minutes: z.number().int().min(1).max(24 * 60),
  serviceId: z.uuid().nullable().default(null),
  attended: z.boolean(),
  notes: text(10_000).default(''),
  /** Who delivered it: a case worker or manager of the case's CSO (`GET /case-staff`); the recorder when left out. */
  staffId: z.uuid().nullable().default(null),
});
export const session = sessionInput.extend({ id: z.uuid(), caseId: z.uuid(), staffId: z.uuid().nullable(), version: z.number().int() });
/** `PUT /cases/:id/sessions/:sessionId`: the session's id is made on the device, so a repeated send stores it once. */
export const sessionParams = z.object({ id: z.uuid(), sessionId: z.uuid() });
/** A case's sessions, newest first (the file holds the first page). */
export const caseSessionsQuery = listQuery(['heldOn'], 'heldOn').extend({ dir: z.enum(['asc', 'desc']).default('desc') });

export const reviewInput = z.object({
  reviewedOn: isoDate,
  scores: z.array(z.object({ goalId: z.string().min(1).max(40), score: z.number().int().min(-2).max(2) })).max(30),
  notes: text(10_000).default(''),
});
export const review = reviewInput.extend({ id: z.uuid(), caseId: z.uuid(), version: z.number().int() });

export const assessmentInput = z.object({ instrumentId: z.uuid() });

export const approvalRequest = z.object({ kind: z.enum(APPROVAL_KINDS), planId: z.uuid().nullable().default(null), closureReason: text(1000).default('') });
export const approvalDecision = z.object({ approve: z.boolean(), comment: text(1000).default(''), version: recordVersion });
export const approval = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  kind: z.enum(APPROVAL_KINDS),
  planId: z.uuid().nullable(),
  closureReason: z.string(),
  status: z.enum(APPROVAL_STATUSES),
  requestedBy: z.uuid(),
  decidedBy: z.uuid().nullable(),
  comment: z.string(),
  version: z.number().int(),
  /** In the supervisor's queue: whose case, and the plan to decide on. */
  personName: z.string().optional(),
  plan: z.object({ goals: z.array(goalInput), reviewOn: z.string() }).nullable().optional(),
});

export const breakGlassInput = z.object({ reason: text(1000).min(10), minutes: z.number().int().min(5).max(240).default(60) });

export const caseDetail = z.object({
  case: caseRecord,
  plans: z.array(plan),
  /** The newest sessions; the rest page by `GET /cases/:id/sessions`. */
  sessions: pageOf(session),
  reviews: z.array(review),
  referrals: z.array(z.lazy(() => referral)),
  approvals: z.array(approval),
  assessments: z.array(z.object({ id: z.uuid(), status: z.string(), instrumentId: z.uuid() })),
});

// ---- referrals ----------------------------------------------------------------------------
export const referralInput = z.object({
  toOrganisationId: z.uuid(),
  reason: text(2000).min(1),
  urgency: z.enum(REFERRAL_URGENCIES),
  sharedFields: z.array(z.enum(SHARED_FIELDS)).min(1),
});
export const referralDecisionInput = z.object({ reason: text(1000).default('') });
export const referral = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  toOrganisationId: z.uuid(),
  caseId: z.uuid(),
  personId: z.uuid(),
  reason: z.string(),
  urgency: z.enum(REFERRAL_URGENCIES),
  sharedFields: z.array(z.enum(SHARED_FIELDS)),
  status: z.enum(REFERRAL_STATUSES),
  decisionReason: z.string(),
  direction: z.enum(['sent', 'received']),
  createdAt: z.string(),
});
export type Referral = z.infer<typeof referral>;
export const referralListQuery = listQuery(['createdAt'], 'createdAt').extend({ direction: z.enum(['sent', 'received']).optional() });

/** Who a referral may go to: the other CSOs, and the city halls' state services. */
export const referralTarget = z.object({ id: z.uuid(), kind: z.enum(['cso', 'municipality']), nameKa: z.string(), nameEn: z.string() });
/** The serving CSO's staff, for assigning plan goals and sessions. */
export const staffMember = z.object({ id: z.uuid(), displayName: z.string() });

// ---- caseload, aggregates, retention --------------------------------------------------------
export const caseload = z.object({
  cases: z.array(caseRecord),
  reviewsDue: z.array(z.object({ caseId: z.uuid(), personName: z.string(), reviewOn: z.string() })),
  overdueFollowUps: z.array(z.object({ caseId: z.uuid(), personName: z.string(), nextFollowUp: z.string() })),
  pendingApprovals: z.number().int(),
});
const aggregateFields = z.object({
  by: z.enum(['sex', 'ageBand', 'disability', 'targetGroup', 'municipality', 'serviceType']).default('sex'),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
const periodInOrder = (q: { from?: string | undefined; to?: string | undefined }) => !q.from || !q.to || q.from <= q.to;
const periodEndsBeforeStart = { path: ['to'], message: 'cases.errors.periodEndsBeforeStart' };
export const aggregateQuery = aggregateFields.refine(periodInOrder, periodEndsBeforeStart);
/** The same figures as a file: every group of every organisation, and each organisation's total. */
export const aggregateExportQuery = aggregateFields.extend(exportFormat.shape).refine(periodInOrder, periodEndsBeforeStart);
export const aggregate = z.object({
  by: z.string(),
  rows: z.array(z.object({ organisationId: z.uuid(), group: z.string().nullable(), people: z.number().int().nullable(), sessions: z.number().int().nullable(), suppressed: z.boolean() })),
  /** Per organisation: people counted once whatever their groups, and all sessions; hidden with any hidden cell outside the CSO. */
  totals: z.array(z.object({ organisationId: z.uuid(), people: z.number().int().nullable(), sessions: z.number().int().nullable(), suppressed: z.boolean() })),
});
/** Who viewed or changed a person's record, newest first by default. */
export const personHistoryQuery = listQuery(['at'], 'at').extend({ dir: z.enum(['asc', 'desc']).default('desc') });
export const personHistoryEntry = z.object({ at: z.string(), action: z.string(), actorEmail: z.string().nullable() });
export type PersonHistoryEntry = z.infer<typeof personHistoryEntry>;
export const retentionQuery = listQuery(['closedOn'], 'closedOn').extend({ years: z.coerce.number().int().min(1).max(100).default(5) });
