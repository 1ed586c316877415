import { and, eq, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { AuditEntity } from '../audit/catalogue';
import {
  assessmentRounds,
  attachments,
  auditLog,
  capacityAssessments,
  capacityPlanActions,
  capacityRatings,
  csoDocuments,
  csoProfiles,
  exportJobs,
  mentoringSessions,
  supervisionSessions,
  supportItems,
  caseApprovals,
  casePlans,
  caseReviews,
  caseSessions,
  cases,
  consents,
  people,
  personMatchKeys,
  referralDecisions,
  referrals,
  services,
  grants,
  instrumentVersions,
  instruments,
  mentorAssignments,
  municipalities,
  organisationMunicipalities,
  organisations,
  regions,
  responses,
  users,
  learningCertificates,
  learningEnrolments,
  learningFiles,
  learningLessons,
  learningModules,
  learningPackages,
  learningParticipants,
  learningProgress,
  learningStaff,
  learningTrainings,
} from '../db/schema';
import { inSet, type OrganisationSet, type Reach } from './reach';

/** Read or change: the two kinds of access a query on owned data asks for. */
export type AccessMode = 'read' | 'write';

/** What a registration's row rule may use: the actor's reach and the scope of other owned tables. */
export interface ScopeContext {
  reach: Reach;
  /** Who asks: row rules that follow a person's caseload need the user. */
  actor: { userId: string; roles: readonly string[] };
  mode: AccessMode;
  scopeOf(owned: OwnedTable, mode: AccessMode): SQL;
}

/** An organisation-owned table, registered once: the gateway derives every scoped query from this. */
export interface OwnedTable<T extends PgTable = PgTable> {
  /** The record type, as the audit log and grants name it. */
  entity: AuditEntity;
  table: T;
  /** Primary key, for find/update by id (absent on link tables). */
  id?: AnyPgColumn;
  /** The organisation that owns each row. */
  owner: AnyPgColumn;
  /** Optimistic-concurrency column, bumped on every update. */
  version?: AnyPgColumn;
  updatedAt?: AnyPgColumn;
  /** Reads of these rows are audited by the gateway (once per request). */
  auditReads: boolean;
  /** Fields holding personal or secret data; presenters decide who receives them (documentation and tests read this). */
  sensitive: readonly string[];
  /** Rows may be shared beyond the owner's scope through grants. */
  grantable: boolean;
  /** A further row rule on top of the owner's scope (e.g. a form about a person). */
  rowRule?: (ctx: ScopeContext) => SQL;
  /**
   * What `rowRule` reads for this actor besides their reach, as rows of one text column `input`
   * (say, the ids the rule compares with): a file written under the rule is outdated once they
   * change (`Gateway.accessDigest`). Undefined where the rule reads nothing else.
   */
  ruleInputs?: (ctx: Pick<ScopeContext, 'reach' | 'actor'>) => SQL | undefined;
  /**
   * Rows that belong to one user alone (their background exports): the scope, for reading and
   * changing, is that user, whatever the organisations they reach; `owner` still names the
   * organisation for the audit log.
   */
  byUser?: AnyPgColumn;
}

function owned<T extends PgTable>(registration: OwnedTable<T>): OwnedTable<T> {
  return registration;
}

/** Versions of organisational assessment instruments (GESI-OCA): a handful of rows, read as a hashed subplan. */
const assessmentVersions = sql`select ${instrumentVersions.id} from ${instrumentVersions} join ${instruments} on ${instruments.id} = ${instrumentVersions.instrumentId} where ${instruments.purpose} = 'organisational_assessment'`;

/** The staff records of the actor themself: a learner always reaches their own progress and tests. */
const ownStaffIds = (ctx: Pick<ScopeContext, 'actor'>) => sql`select ${learningStaff.id} from ${learningStaff} where ${learningStaff.userId} = ${ctx.actor.userId}`;

/**
 * Forms follow their subject: about a person, only where the actor sees personal data; about a
 * training participant, where the actor sees participants' results; an organisation's capacity
 * assessment, where the actor works on capacity (not municipal or donor users).
 *
 * Written out for the actor at hand: a branch that cannot match is left out and one that always
 * matches is not restated. An admin's rule is then `subject_type not in ('person')`, which
 * PostgreSQL answers from an index alone when it counts a list, rather than three ORed branches
 * per row.
 */
function responseRule(ctx: ScopeContext, table: typeof responses): SQL {
  const { personal, participant, capacity } = ctx.reach;
  const where = (set: OrganisationSet) => inSet(table.organisationId, set);
  /** Some organisations but not all: the branch needs its own organisation filter. */
  const partly = (set: OrganisationSet) => !set.all && set.ids.length > 0;
  const reachOf = { person: personal, participant } as const;
  const hidden = (['person', 'participant'] as const).filter((type) => !reachOf[type].all);
  const bySubject =
    hidden.length === 0
      ? undefined
      : or(
          notInArray(table.subjectType, hidden),
          partly(personal) ? and(eq(table.subjectType, 'person'), where(personal)) : undefined,
          participant.all
            ? undefined
            : and(eq(table.subjectType, 'participant'), or(partly(participant) ? where(participant) : undefined, sql`${table.subjectId} in (${ownStaffIds(ctx)})`)),
        );
  const byCapacity = capacity.all ? undefined : or(partly(capacity) ? where(capacity) : undefined, sql`${table.instrumentVersionId} not in (${assessmentVersions})`);
  return and(bySubject, byCapacity) ?? sql`true`;
}

/**
 * What `responseRule` reads besides the reach, where it reads it: the actor's own staff records
 * (linked to another login, their training forms go) and the assessment instruments' versions (an
 * instrument whose purpose changes to or from organisational assessment).
 */
function responseRuleInputs(ctx: Pick<ScopeContext, 'reach' | 'actor'>): SQL | undefined {
  const inputs = [
    ctx.reach.participant.all ? undefined : sql`select 'own staff record ' || staff.id::text as input from (${ownStaffIds(ctx)}) staff`,
    ctx.reach.capacity.all ? undefined : sql`select 'assessment version ' || version.id::text as input from (${assessmentVersions}) version`,
  ].filter((input) => input !== undefined);
  return inputs.length ? sql.join(inputs, sql` union all `) : undefined;
}

const ownedResponses = owned({
    entity: 'response',
    table: responses,
    id: responses.id,
    owner: responses.organisationId,
    version: responses.version,
    updatedAt: responses.updatedAt,
    auditReads: true,
    sensitive: ['answers', 'score', 'label'],
    grantable: true,
    rowRule: (ctx) => responseRule(ctx, responses),
    ruleInputs: responseRuleInputs,
  });

/** People served: personal data, only where the actor sees the owner's personal data (or through a grant). */
const personal = (column: AnyPgColumn) => (ctx: ScopeContext) => inSet(column, ctx.reach.personal);

/** A case follows its worker's caseload: the assigned worker reads it; anyone else only through a grant (break-glass). */
const ownedCases = owned({
  entity: 'case',
  table: cases,
  id: cases.id,
  owner: cases.organisationId,
  version: cases.version,
  updatedAt: cases.updatedAt,
  auditReads: true,
  sensitive: ['personId', 'closureReason'],
  grantable: true,
  // Writes: the worker, and the CSO's managers (they assign, close after approval, erase on request);
  // reading a file outside one's caseload still takes break-glass.
  rowRule: (ctx) =>
    and(
      inSet(cases.organisationId, ctx.reach.personal),
      ctx.mode === 'write' && ctx.actor.roles.includes('cso_manager') ? undefined : eq(cases.caseWorkerId, ctx.actor.userId),
    )!,
});
/** Records inside a case file (plans, sessions with notes, reviews) are visible exactly when the case is. */
const inCase = (column: AnyPgColumn) => (ctx: ScopeContext) => sql`${column} in (select ${cases.id} from ${cases} where ${ctx.scopeOf(ownedCases, ctx.mode)})`;

const caseOwned = {
  people: owned({
    entity: 'person',
    table: people,
    id: people.id,
    owner: people.organisationId,
    version: people.version,
    updatedAt: people.updatedAt,
    auditReads: true,
    sensitive: ['givenName', 'surname', 'latinName', 'searchKey', 'birthDate', 'personalNumberSealed', 'personalNumberIndex', 'address', 'phone', 'accessibilityNeeds', 'disability', 'disabilityScreeningId', 'disabilityInstrument'],
    grantable: true,
    rowRule: personal(people.organisationId),
  }),
  consents: owned({
    entity: 'consent',
    table: consents,
    id: consents.id,
    owner: consents.organisationId,
    version: consents.version,
    updatedAt: consents.updatedAt,
    auditReads: false,
    sensitive: ['representativeName', 'formReference'],
    grantable: false,
    rowRule: personal(consents.organisationId),
  }),
  services: owned({
    entity: 'service',
    table: services,
    id: services.id,
    owner: services.organisationId,
    version: services.version,
    updatedAt: services.updatedAt,
    auditReads: false,
    sensitive: [],
    grantable: false,
  }),
  cases: ownedCases,
  casePlans: owned({
    entity: 'case_plan',
    table: casePlans,
    id: casePlans.id,
    owner: casePlans.organisationId,
    version: casePlans.version,
    updatedAt: casePlans.updatedAt,
    auditReads: true,
    sensitive: ['goals'],
    grantable: false,
    rowRule: inCase(casePlans.caseId),
  }),
  caseSessions: owned({
    entity: 'case_session',
    table: caseSessions,
    id: caseSessions.id,
    owner: caseSessions.organisationId,
    version: caseSessions.version,
    updatedAt: caseSessions.updatedAt,
    auditReads: true,
    sensitive: ['notesSealed'],
    grantable: false,
    rowRule: inCase(caseSessions.caseId),
  }),
  caseReviews: owned({
    entity: 'case_review',
    table: caseReviews,
    id: caseReviews.id,
    owner: caseReviews.organisationId,
    version: caseReviews.version,
    updatedAt: caseReviews.updatedAt,
    auditReads: true,
    sensitive: ['notesSealed', 'scores'],
    grantable: false,
    rowRule: inCase(caseReviews.caseId),
  }),
  /** Supervision requests: the CSO's personal-data staff (managers decide, workers see their state). */
  caseApprovals: owned({
    entity: 'case_approval',
    table: caseApprovals,
    id: caseApprovals.id,
    owner: caseApprovals.organisationId,
    version: caseApprovals.version,
    updatedAt: caseApprovals.updatedAt,
    auditReads: false,
    sensitive: ['closureReason', 'comment'],
    grantable: false,
    rowRule: personal(caseApprovals.organisationId),
  }),
  /** Sender's staff; the receiver through the grant made when it is sent. */
  referrals: owned({
    entity: 'referral',
    table: referrals,
    id: referrals.id,
    owner: referrals.organisationId,
    version: referrals.version,
    updatedAt: referrals.updatedAt,
    auditReads: true,
    sensitive: ['reason'],
    grantable: true,
    rowRule: personal(referrals.organisationId),
  }),
  /** Receiver's staff (a CSO's, or a city hall's monitors); the sender through a grant made with the answer. */
  referralDecisions: owned({
    entity: 'referral_decision',
    table: referralDecisions,
    id: referralDecisions.id,
    owner: referralDecisions.organisationId,
    auditReads: false,
    sensitive: ['reason'],
    grantable: true,
    rowRule: (ctx) => inSet(referralDecisions.organisationId, ctx.reach.referrals),
  }),
} as const;

/**
 * A learner's progress, tests and certificates: the learner (the staff record linked to their
 * login), their CSO's managers and programme staff (participant reach); nobody else one by one.
 */
const learnerRule = (owner: AnyPgColumn, staffColumn: AnyPgColumn) => (ctx: ScopeContext) =>
  or(inSet(owner, ctx.reach.participant), sql`${staffColumn} in (${ownStaffIds(ctx)})`)!;

const ownedEnrolments = owned({
  entity: 'learning_enrolment',
  table: learningEnrolments,
  id: learningEnrolments.id,
  owner: learningEnrolments.organisationId,
  version: learningEnrolments.version,
  updatedAt: learningEnrolments.updatedAt,
  auditReads: false,
  sensitive: ['testScore', 'passed'],
  grantable: false,
  rowRule: learnerRule(learningEnrolments.organisationId, learningEnrolments.staffId),
});

const learningOwned = {
  /** The staff register: read within the organisation scope (route permission `learning.staff`). */
  learningStaff: owned({
    entity: 'learning_staff',
    table: learningStaff,
    id: learningStaff.id,
    owner: learningStaff.organisationId,
    version: learningStaff.version,
    updatedAt: learningStaff.updatedAt,
    auditReads: false,
    sensitive: ['birthYear', 'email', 'phone', 'wg', 'disability'],
    grantable: false,
  }),
  learningEnrolments: ownedEnrolments,
  learningProgress: owned({
    entity: 'learning_enrolment',
    table: learningProgress,
    id: learningProgress.id,
    owner: learningProgress.organisationId,
    auditReads: false,
    sensitive: [],
    grantable: false,
    rowRule: (ctx) => sql`${learningProgress.enrolmentId} in (select ${learningEnrolments.id} from ${learningEnrolments} where ${ctx.scopeOf(ownedEnrolments, ctx.mode)})`,
  }),
  learningParticipants: owned({
    entity: 'learning_participant',
    table: learningParticipants,
    id: learningParticipants.id,
    owner: learningParticipants.organisationId,
    version: learningParticipants.version,
    updatedAt: learningParticipants.updatedAt,
    auditReads: false,
    sensitive: ['preScore', 'postScore', 'attendance'],
    grantable: false,
    rowRule: learnerRule(learningParticipants.organisationId, learningParticipants.staffId),
  }),
  learningCertificates: owned({
    entity: 'learning_certificate',
    table: learningCertificates,
    id: learningCertificates.id,
    owner: learningCertificates.organisationId,
    auditReads: false,
    sensitive: ['code', 'holderName'],
    grantable: false,
    rowRule: learnerRule(learningCertificates.organisationId, learningCertificates.staffId),
  }),
} as const;

export const OWNED = {
  ...caseOwned,
  ...learningOwned,
  organisations: owned({
    entity: 'organisation',
    table: organisations,
    id: organisations.id,
    owner: organisations.id,
    version: organisations.version,
    updatedAt: organisations.updatedAt,
    auditReads: false,
    sensitive: [],
    grantable: false,
  }),
  organisationMunicipalities: owned({
    entity: 'organisation',
    table: organisationMunicipalities,
    owner: organisationMunicipalities.organisationId,
    auditReads: false,
    sensitive: [],
    grantable: false,
  }),
  users: owned({
    entity: 'user',
    table: users,
    id: users.id,
    owner: users.organisationId,
    version: users.version,
    updatedAt: users.updatedAt,
    auditReads: true,
    sensitive: ['email', 'passwordHash', 'failedLogins', 'lockedUntil', 'lastLoginAt'],
    grantable: false,
  }),
  /** Owned by the CSO a mentor is assigned to: only programme staff who reach it change it. */
  mentorAssignments: owned({
    entity: 'user',
    table: mentorAssignments,
    owner: mentorAssignments.organisationId,
    auditReads: false,
    sensitive: [],
    grantable: false,
  }),
  responses: ownedResponses,
  /** A file answer is visible exactly when the form it answers is. */
  attachments: owned({
    entity: 'attachment',
    table: attachments,
    id: attachments.id,
    owner: attachments.organisationId,
    auditReads: true,
    sensitive: ['filename', 'data'],
    grantable: false,
    rowRule: (ctx) => sql`${attachments.responseId} in (select ${responses.id} from ${responses} where ${ctx.scopeOf(ownedResponses, ctx.mode)})`,
  }),
  auditLog: owned({
    entity: 'audit_entry',
    table: auditLog,
    id: auditLog.id,
    owner: auditLog.organisationId,
    auditReads: true,
    sensitive: ['changes', 'ip', 'actorEmail'],
    grantable: false,
  }),
  grants: owned({
    entity: 'grant',
    table: grants,
    id: grants.id,
    owner: grants.organisationId,
    auditReads: false,
    sensitive: ['reason'],
    grantable: false,
  }),
  // CSO capacity development: all owned by the CSO they are about. Who may read them per CSO (not
  // municipal or donor users, who get aggregates) is a route permission: `capacity.read`.
  csoProfiles: owned({
    entity: 'cso_profile',
    table: csoProfiles,
    id: csoProfiles.organisationId,
    owner: csoProfiles.organisationId,
    version: csoProfiles.version,
    updatedAt: csoProfiles.updatedAt,
    auditReads: false,
    sensitive: [],
    grantable: false,
  }),
  /** Key documents of a CSO, read like its profile (capacity roles), changed by who edits the organisation. */
  csoDocuments: owned({
    entity: 'cso_document',
    table: csoDocuments,
    id: csoDocuments.id,
    owner: csoDocuments.organisationId,
    auditReads: false,
    sensitive: [],
    grantable: false,
  }),
  capacityAssessments: owned({
    entity: 'capacity_assessment',
    table: capacityAssessments,
    id: capacityAssessments.id,
    owner: capacityAssessments.organisationId,
    version: capacityAssessments.version,
    updatedAt: capacityAssessments.updatedAt,
    auditReads: false,
    sensitive: [],
    grantable: false,
  }),
  capacityRatings: owned({
    entity: 'capacity_assessment',
    table: capacityRatings,
    owner: capacityRatings.organisationId,
    auditReads: false,
    sensitive: ['raterName'],
    grantable: false,
  }),
  capacityPlanActions: owned({
    entity: 'plan_action',
    table: capacityPlanActions,
    id: capacityPlanActions.id,
    owner: capacityPlanActions.organisationId,
    version: capacityPlanActions.version,
    updatedAt: capacityPlanActions.updatedAt,
    auditReads: false,
    sensitive: [],
    grantable: false,
  }),
  mentoringSessions: owned({
    entity: 'mentoring_session',
    table: mentoringSessions,
    id: mentoringSessions.id,
    owner: mentoringSessions.organisationId,
    version: mentoringSessions.version,
    updatedAt: mentoringSessions.updatedAt,
    auditReads: false,
    sensitive: ['notes'],
    grantable: false,
  }),
  supervisionSessions: owned({
    entity: 'supervision_session',
    table: supervisionSessions,
    id: supervisionSessions.id,
    owner: supervisionSessions.organisationId,
    version: supervisionSessions.version,
    updatedAt: supervisionSessions.updatedAt,
    auditReads: false,
    sensitive: ['supervisee', 'themes'],
    grantable: false,
  }),
  supportItems: owned({
    entity: 'support_item',
    table: supportItems,
    id: supportItems.id,
    owner: supportItems.organisationId,
    version: supportItems.version,
    updatedAt: supportItems.updatedAt,
    auditReads: false,
    sensitive: [],
    grantable: false,
  }),
  exportJobs: owned({
    entity: 'export_job',
    table: exportJobs,
    id: exportJobs.id,
    owner: exportJobs.organisationId,
    byUser: exportJobs.userId,
    version: exportJobs.version,
    updatedAt: exportJobs.updatedAt,
    auditReads: false,
    sensitive: [],
    grantable: false,
  }),
} as const;
export type OwnedName = keyof typeof OWNED;

/**
 * Programme-wide tables: definitions and reference data that belong to no organisation. Every
 * signed-in user reads them; changes need a role permission (checked on the route). They are
 * reached through `gw.programme`, a separate, explicit path.
 */
export const PROGRAMME = {
  instruments,
  instrumentVersions,
  regions,
  municipalities,
  assessmentRounds,
  personMatchKeys,
  learningPackages,
  learningModules,
  learningLessons,
  learningFiles,
  learningTrainings,
} as const;
export type ProgrammeTable = (typeof PROGRAMME)[keyof typeof PROGRAMME];

/**
 * Tables that carry an owner column but sit below the access model, with the reason. Sessions
 * and set-password tokens decide who the actor is, so only server/auth touches them.
 */
export const BELOW_THE_GATEWAY: Record<string, string> = {
  sessions: 'server/auth: resolves the actor before there is a gateway',
  password_tokens: 'server/auth: one-time set-password links',
  idempotent_requests: 'server/http/idempotency: the answer a user was already sent, found by their own id and key only',
};

/** Column names that make a table owned by an organisation or a person. */
export const OWNER_COLUMNS = ['organisation_id', 'user_id', 'created_by'] as const;
