import { and, asc, desc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  approvalDecision,
  approvalRequest,
  breakGlassInput,
  caseInput,
  consentInput,
  duplicateCheckInput,
  personPatch,
  planInput,
  referralDecisionInput,
  referralInput,
  reviewInput,
  serviceInput,
  servicePatch,
  sessionInput,
  statusInput} from '../../../common/schemas/cases';
import {
  CASE_TRANSITIONS,
  ageOn,
  screeningFor,
  type ConsentInput,
  type PersonInput
} from '../../../common/schemas/cases';
import { REGISTRATION_LABEL, caseAssessmentLabel } from '../../../common/form-labels';
import { evaluateForm } from '../../../common/instruments/form-state';
import type { Language } from '../../../common/roles';
import { foldName, toLatin } from '../../../common/transliterate';
import type { Gateway } from '../../access/gateway';
import { OWNED, PROGRAMME } from '../../access/registry';
import type { KeyRing } from '../../crypto/sealed';
import { programmeToday as today } from '../../calendar';
import { HttpProblem, forbidden, invalidField, notFound } from '../../http/problem';
import { startResponse, submitResponse } from '../responses';
import { getReferral, presentApproval, presentCases, presentPerson, presentSession, presentSummaries, referralStatuses } from './queries';

const { people, consents, cases, casePlans, caseSessions, caseReviews, caseApprovals, referrals, referralDecisions, services } = OWNED;
const { personMatchKeys } = PROGRAMME;


/** Whether the database refused `error` with this SQLSTATE (drivers wrap it in `cause`). */
function isSqlState(error: unknown, code: string): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === code) return true;
  return false;
}

/** A foreign key that names nothing (an unknown organisation or municipality) is bad input, not a crash. */
async function unknownReference<T>(field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isSqlState(error, '23503')) throw invalidField(field, 'cases.validation.unknownReference');
    throw error;
  }
}

// ---- services catalogue -------------------------------------------------------------------

export function createService(gw: Gateway, input: z.infer<typeof serviceInput>) {
  return unknownReference('municipalityId', () => gw.insert(services, input));
}

/** A versioned edit of a service (409 when someone saved in the meantime). */
export function updateService(gw: Gateway, id: string, { version, ...set }: z.infer<typeof servicePatch>) {
  return unknownReference('municipalityId', () => gw.update(services, id, { version, set }));
}

// ---- people -------------------------------------------------------------------------------

/** Keyed hashes that identify a person across CSOs without revealing who or where. */
function matchKeys(keys: KeyRing, input: { givenName: string; surname: string; birthDate: string | null; personalNumber: string | null }): string[] {
  const out: string[] = [];
  if (input.personalNumber) out.push(keys.blindIndex(`pn:${input.personalNumber}`));
  const name = foldName(`${input.givenName} ${input.surname}`);
  if (name && input.birthDate) out.push(keys.blindIndex(`nd:${name}:${input.birthDate}`));
  return out;
}

/**
 * Search before create: close matches inside the CSO (same personal number, or a similar name
 * with the same birth date) are shown; elsewhere only whether a possible match exists.
 */
export async function checkDuplicates(gw: Gateway, keys: KeyRing, input: z.infer<typeof duplicateCheckInput>) {
  if (!(await gw.sees('personal', input.organisationId))) throw notFound();
  const folded = foldName(`${input.givenName} ${input.surname}`);
  const byNumber = input.personalNumber ? eq(people.table.personalNumberIndex, keys.blindIndex(input.personalNumber)) : undefined;
  const byName = folded && input.birthDate ? and(eq(people.table.birthDate, input.birthDate), sql`similarity(${people.table.searchKey}, ${folded}) > 0.5`) : undefined;
  const anyMatch = byNumber && byName ? sql`(${byNumber} or ${byName})` : (byNumber ?? byName);
  const matches = anyMatch
    ? await gw.rows(people, { where: and(eq(people.table.organisationId, input.organisationId), isNull(people.table.erasedAt), anyMatch), limit: 20, purpose: 'check' })
    : [];
  const hashes = matchKeys(keys, input);
  const ownHolders = (await gw.select(people, { id: people.table.id }, { where: eq(people.table.organisationId, input.organisationId), purpose: 'check' })).map((p) => keys.blindIndex(`holder:${p.id}`));
  const elsewhere = hashes.length
    ? (await gw.programme
        .select({ n: sql<number>`count(*)` })
        .from(personMatchKeys)
        .where(and(inArray(personMatchKeys.keyHash, hashes), ownHolders.length ? notInArray(personMatchKeys.holder, ownHolders) : undefined)))[0]!.n > 0
    : false;
  return { matches: await presentSummaries(gw, matches), elsewhere: Number(elsewhere) > 0 || elsewhere === true };
}

/** Fields beyond the registration minimum: stored only with consent to processing. */
const CONSENTED_FIELDS = ['personalNumber', 'address', 'phone', 'accessibilityNeeds', 'targetGroup', 'disability', 'screening', 'representativeId', 'newRepresentative'] as const;

function consentErrors(input: PersonInput): { field: string; key: string }[] {
  if (input.consent?.processing) return [];
  return CONSENTED_FIELDS.filter((f) => {
    const v = input[f];
    return v !== null && v !== '' && v !== undefined;
  }).map((field) => ({ field, key: 'cases.validation.needsConsent' }));
}

type FieldErrors = { field: string; key: string }[];

/** A birth date or an estimated age, never both, and no birth date in the future. */
function birthErrors(input: { birthDate: string | null; estimatedAge: number | null }, prefix = ''): FieldErrors {
  if (!input.birthDate && input.estimatedAge === null) return [{ field: `${prefix}birthDate`, key: 'cases.validation.birthDateOrAge' }];
  if (input.birthDate && input.estimatedAge !== null) return [{ field: `${prefix}estimatedAge`, key: 'cases.validation.birthDateOrAge' }];
  if (input.birthDate && input.birthDate > today()) return [{ field: `${prefix}birthDate`, key: 'cases.validation.futureDate' }];
  return [];
}

/** A legal representative is another person served by the same CSO (400 otherwise, never who holds them). */
async function representativeErrors(gw: Gateway, organisationId: string, representativeId: string, selfId: string | null): Promise<FieldErrors> {
  const wrong = [{ field: 'representativeId', key: 'cases.validation.unknownReference' }];
  if (representativeId === selfId) return wrong;
  const [representative] = await gw.select(people, { organisationId: people.table.organisationId }, { where: and(eq(people.table.id, representativeId), isNull(people.table.erasedAt)), purpose: 'check' });
  return !representative || representative.organisationId !== organisationId ? wrong : [];
}

/** The registration minimum of a new person row: names with their Latin spelling and search key, sex, birth. */
function minimumRow(p: { givenName: string; surname: string; sex: 'female' | 'male'; birthDate: string | null; estimatedAge: number | null }, organisationId: string, municipalityId: string | null, registeredBy: string) {
  const name = `${p.givenName} ${p.surname}`;
  return {
    organisationId,
    givenName: p.givenName,
    surname: p.surname,
    latinName: toLatin(name),
    searchKey: foldName(name),
    sex: p.sex,
    birthDate: p.birthDate,
    estimatedBirthYear: p.birthDate ? null : new Date().getUTCFullYear() - (p.estimatedAge ?? 0),
    municipalityId,
    registeredBy,
  };
}

/**
 * The disability screening that fits the person's age, kept as a submitted form about the person
 * (the responses feature and the instrument engine validate and keep the raw answers); the
 * result is the instrument's own cut-off (its `disability` calculation).
 */
async function recordScreening(gw: Gateway, person: { id: string; organisationId: string }, screening: NonNullable<PersonInput['screening']>, lang: Language) {
  const [instrument] = await gw.programme.select({ id: PROGRAMME.instruments.id }).from(PROGRAMME.instruments).where(eq(PROGRAMME.instruments.code, screening.instrumentCode));
  if (!instrument) throw invalidField('screening.instrumentCode', 'cases.validation.unknownReference');
  const started = await startResponse(gw, { instrumentId: instrument.id, organisationId: person.organisationId, label: REGISTRATION_LABEL, subject: { type: 'person', id: person.id } });
  let submitted: Awaited<ReturnType<typeof submitResponse>>;
  try {
    submitted = await submitResponse(gw, started.response.id, { answers: screening.answers, version: started.response.version }, lang);
  } catch (error) {
    // The engine names the question; on this form the answers sit under `screening`.
    if (error instanceof HttpProblem && error.kind === 'validation') throw new HttpProblem('validation', error.errors.map((e) => ({ ...e, field: `screening.${e.field}` })));
    throw error;
  }
  const result = evaluateForm(submitted.definition, submitted.response.answers).values['disability'];
  return { disabilityScreeningId: started.response.id, disabilityInstrument: screening.instrumentCode, disability: result === 'yes' ? true : result === 'no' ? false : null };
}

export async function registerPerson(gw: Gateway, keys: KeyRing, input: PersonInput, lang: Language) {
  const errors = consentErrors(input);
  errors.push(...birthErrors(input));
  if (input.consent?.givenBy === 'representative' && !input.consent.representativeName && !input.newRepresentative) errors.push({ field: 'consent.representativeName', key: 'validation.required' });
  if (input.representativeId && input.newRepresentative) errors.push({ field: 'newRepresentative', key: 'cases.validation.oneRepresentative' });
  if (input.newRepresentative) errors.push(...birthErrors(input.newRepresentative, 'newRepresentative.'));
  if (input.screening) {
    const expected = screeningFor(ageOn(input.birthDate, input.estimatedAge));
    if (input.screening.instrumentCode !== expected) errors.push({ field: 'screening.instrumentCode', key: expected ? 'cases.validation.screeningForAge' : 'cases.validation.screeningTooYoung' });
    if (input.disability !== null) errors.push({ field: 'disability', key: 'cases.validation.screeningOrDisability' });
  }
  if (input.representativeId) errors.push(...(await representativeErrors(gw, input.organisationId, input.representativeId, null)));
  if (errors.length) throw new HttpProblem('validation', errors);
  const person = await unknownReference('municipalityId', () =>
    gw.transaction(async (tx) => {
      let representativeId = input.representativeId;
      const representative = input.newRepresentative;
      if (representative) {
        const row = await tx.insert(people, {
          ...minimumRow(representative, input.organisationId, input.municipalityId, tx.actor.userId),
          // The representative's own contact is kept when they are the one who consented.
          phone: input.consent?.givenBy === 'representative' ? representative.phone : '',
          language: input.language,
        });
        if (input.consent?.givenBy === 'representative' && representative.phone) await insertConsent(tx, row, { ...input.consent, givenBy: 'person', representativeName: '', referralSharing: false, photos: false });
        await insertMatchKeys(tx, keys, row.id, { ...representative, personalNumber: null });
        representativeId = row.id;
      }
      const row = await tx.insert(people, {
        ...minimumRow(input, input.organisationId, input.municipalityId, tx.actor.userId),
        personalNumberSealed: input.personalNumber ? keys.seal(input.personalNumber) : null,
        personalNumberIndex: input.personalNumber ? keys.blindIndex(input.personalNumber) : null,
        address: input.address,
        phone: input.phone,
        language: input.language,
        accessibilityNeeds: input.accessibilityNeeds,
        targetGroup: input.targetGroup,
        disability: input.disability,
        representativeId,
      });
      const consent = input.consent && representative && input.consent.givenBy === 'representative' && !input.consent.representativeName
        ? { ...input.consent, representativeName: `${representative.givenName} ${representative.surname}` }
        : input.consent;
      if (consent) await insertConsent(tx, row, consent);
      await insertMatchKeys(tx, keys, row.id, input);
      if (!input.screening) return row;
      return tx.update(people, row.id, { set: await recordScreening(tx, row, input.screening, lang) });
    }),
  );
  return presentPerson(gw, keys, person);
}

async function insertMatchKeys(gw: Gateway, keys: KeyRing, personId: string, input: Parameters<typeof matchKeys>[1]) {
  const hashes = matchKeys(keys, input);
  if (hashes.length) await gw.programme.insert(personMatchKeys).values(hashes.map((keyHash) => ({ keyHash, holder: keys.blindIndex(`holder:${personId}`) })));
}

/** Changes a person's details; a legal representative is another person served by the same CSO. */
export async function updatePerson(gw: Gateway, keys: KeyRing, id: string, { version, ...set }: z.infer<typeof personPatch>) {
  const current = await gw.findForUpdate(people, id);
  const errors: FieldErrors = [];
  if (!(await liveConsent(gw, id)).processing) {
    for (const f of ['address', 'phone', 'accessibilityNeeds', 'targetGroup', 'disability', 'representativeId'] as const) {
      const v = set[f];
      if (v !== null && v !== '' && v !== undefined) errors.push({ field: f, key: 'cases.validation.needsConsent' });
    }
  }
  if (set.representativeId) errors.push(...(await representativeErrors(gw, current.organisationId, set.representativeId, id)));
  if (errors.length) throw new HttpProblem('validation', errors);
  const row = await unknownReference('municipalityId', () => gw.update(people, id, { version, set }));
  return presentPerson(gw, keys, row);
}

function insertConsent(gw: Gateway, person: { id: string; organisationId: string }, consent: ConsentInput) {
  return gw.insert(consents, { ...consent, personId: person.id, organisationId: person.organisationId });
}

export async function addConsent(gw: Gateway, keys: KeyRing, personId: string, input: z.infer<typeof consentInput>) {
  const person = await gw.findForUpdate(people, personId);
  await insertConsent(gw, person, input);
  return presentPerson(gw, keys, person);
}

/** Withdrawal is recorded, and honoured: no new sessions, plans or referrals without live consent. */
export async function withdrawConsent(gw: Gateway, keys: KeyRing, personId: string, consentId: string) {
  const person = await gw.findForUpdate(people, personId);
  const consent = await gw.findForUpdate(consents, consentId);
  if (consent.personId !== personId) throw notFound();
  if (!consent.withdrawnAt) await gw.update(consents, consentId, { set: { withdrawnAt: new Date() } });
  return presentPerson(gw, keys, person);
}

async function liveConsent(gw: Gateway, personId: string) {
  const rows = await gw.rows(consents, { where: and(eq(consents.table.personId, personId), isNull(consents.table.withdrawnAt)) });
  return { processing: rows.some((c) => c.processing), referralSharing: rows.some((c) => c.processing && c.referralSharing) };
}

async function requireProcessingConsent(gw: Gateway, personId: string) {
  if (!(await liveConsent(gw, personId)).processing) throw new HttpProblem('conflict', [], 'cases.errors.noConsent');
}

/**
 * Erasure on request: personal data removed (names replaced by a code, numbers and contacts
 * cleared, case notes dropped); the rows stay so counts used in reports stay.
 */
export async function erasePerson(gw: Gateway, keys: KeyRing, personId: string) {
  return gw.transaction(async (tx) => {
    const person = await tx.findForUpdate(people, personId);
    const code = `P-${person.id.slice(0, 8)}`;
    await tx.update(people, personId, {
      set: {
        givenName: code,
        surname: '',
        latinName: code,
        searchKey: '',
        birthDate: null,
        estimatedBirthYear: person.estimatedBirthYear ?? (person.birthDate ? Number(person.birthDate.slice(0, 4)) : null),
        personalNumberSealed: null,
        personalNumberIndex: null,
        address: '',
        phone: '',
        accessibilityNeeds: '',
        representativeId: null,
        erasedAt: new Date(),
      },
    }, { action: 'erase' });
    const caseIds = (await tx.select(cases, { id: cases.table.id }, { where: eq(cases.table.personId, personId), purpose: 'check' })).map((c) => c.id);
    // Case notes go with the person; cases outside the caller's caseload are out of reach (see README: erasure).
    for (const id of caseIds) {
      for (const s of await tx.rows(caseSessions, { where: eq(caseSessions.table.caseId, id), purpose: 'check' })) await tx.update(caseSessions, s.id, { set: { notesSealed: null } });
    }
    await tx.programme.update(personMatchKeys).set({ keyHash: 'erased' }).where(eq(personMatchKeys.holder, keys.blindIndex(`holder:${personId}`)));
    // Answers kept for repeated POSTs (registration, case, referral…) may hold the person too.
    await tx.withdrawStoredAnswers(person.organisationId);
    return { id: personId, erased: true };
  });
}

// ---- cases --------------------------------------------------------------------------------

/** A case worker or manager of `organisationId` (active): anyone else is a 400 on `field`, whoever they are. */
async function requireStaff(gw: Gateway, organisationId: string, userId: string, field: string) {
  const { users } = OWNED;
  const [worker] = await gw.select(users, { roles: users.table.roles }, { where: and(eq(users.table.id, userId), eq(users.table.organisationId, organisationId), eq(users.table.active, true)), purpose: 'check' });
  if (!worker || !worker.roles.some((r) => r === 'case_worker' || r === 'cso_manager')) throw invalidField(field, 'cases.validation.notAWorker');
}

export async function openCase(gw: Gateway, input: z.infer<typeof caseInput>) {
  const person = await gw.findForUpdate(people, input.personId);
  await requireProcessingConsent(gw, person.id);
  const caseWorkerId = input.caseWorkerId ?? gw.actor.userId;
  if (caseWorkerId !== gw.actor.userId) await requireStaff(gw, person.organisationId, caseWorkerId, 'caseWorkerId');
  const row = await gw.insert(cases, { organisationId: person.organisationId, personId: person.id, caseWorkerId, openedOn: input.openedOn ?? today() });
  return (await presentCases(gw, [row]))[0]!;
}

export async function changeStatus(gw: Gateway, id: string, input: z.infer<typeof statusInput>) {
  const current = await gw.findForUpdate(cases, id);
  if (!CASE_TRANSITIONS[current.status].includes(input.status)) throw invalidField('status', 'cases.validation.transition');
  const row = await gw.update(cases, id, { version: input.version, set: { status: input.status, ...(input.nextFollowUp !== undefined ? { nextFollowUp: input.nextFollowUp } : {}) } });
  return (await presentCases(gw, [row]))[0]!;
}

/** A needs assessment: a form about the person, kept by the responses feature. */
export async function startAssessment(gw: Gateway, caseId: string, instrumentId: string) {
  const record = await gw.findForUpdate(cases, caseId);
  await requireProcessingConsent(gw, record.personId);
  return startResponse(gw, { instrumentId, organisationId: record.organisationId, label: caseAssessmentLabel(caseId), subject: { type: 'person', id: record.personId } });
}

export async function savePlan(gw: Gateway, caseId: string, input: z.infer<typeof planInput>) {
  const record = await gw.findForUpdate(cases, caseId);
  await requireProcessingConsent(gw, record.personId);
  const row = await gw.insert(casePlans, { organisationId: record.organisationId, caseId, goals: input.goals, reviewOn: input.reviewOn });
  return { id: row.id, caseId, goals: row.goals, reviewOn: row.reviewOn, approval: 'none' as const, version: row.version };
}

export async function recordSession(gw: Gateway, keys: KeyRing, caseId: string, input: z.infer<typeof sessionInput>, id?: string) {
  const record = await gw.findForUpdate(cases, caseId);
  // Nothing more is recorded on a closed case: a session sent late from a device is a conflict to show.
  if (record.status === 'closed') throw new HttpProblem('conflict', [], 'cases.errors.caseClosed');
  // A session is recorded once held: a date after today (in Tbilisi) is a typing slip.
  if (input.heldOn > today()) throw invalidField('heldOn', 'cases.validation.futureSession');
  await requireProcessingConsent(gw, record.personId);
  if (input.serviceId) await gw.findForUpdate(services, input.serviceId);
  const staffId = input.staffId ?? gw.actor.userId;
  await requireStaff(gw, record.organisationId, staffId, 'staffId');
  const row = await gw.insert(caseSessions, {
    ...(id ? { id } : {}),
    organisationId: record.organisationId,
    caseId,
    serviceId: input.serviceId,
    kind: input.kind,
    heldOn: input.heldOn,
    minutes: input.minutes,
    attended: input.attended,
    staffId,
    notesSealed: input.notes ? keys.seal(input.notes) : null,
  });
  return presentSession(keys, row);
}

/**
 * A session recorded on a device, sent with the id the device made (`PUT`): stored once however
 * often it arrives. A repeat of the same session answers the stored one (`created: false`); the
 * same id with other content, or an id already used elsewhere, is a conflict, never an overwrite.
 */
export async function putSession(gw: Gateway, keys: KeyRing, caseId: string, id: string, input: z.infer<typeof sessionInput>) {
  try {
    return await gw.transaction(async (tx) => {
      const [existing] = await tx.rows(caseSessions, { where: eq(caseSessions.table.id, id), purpose: 'check' });
      if (existing) {
        const stored = presentSession(keys, existing);
        const same = existing.caseId === caseId && stored.kind === input.kind && stored.heldOn === input.heldOn && stored.minutes === input.minutes &&
          stored.serviceId === input.serviceId && stored.attended === input.attended && stored.notes === input.notes && (input.staffId === null || stored.staffId === input.staffId);
        if (!same) throw new HttpProblem('conflict', [], 'cases.errors.sessionChanged');
        return { created: false, session: stored };
      }
      return { created: true, session: await recordSession(tx, keys, caseId, input, id) };
    });
  } catch (error) {
    // The id is taken by a record the caller cannot see: still a conflict, saying nothing of it.
    if (isSqlState(error, '23505')) throw new HttpProblem('conflict', [], 'cases.errors.sessionChanged');
    throw error;
  }
}

export async function recordReview(gw: Gateway, keys: KeyRing, caseId: string, input: z.infer<typeof reviewInput>) {
  const record = await gw.findForUpdate(cases, caseId);
  const [latest] = await gw.rows(casePlans, { where: eq(casePlans.table.caseId, caseId), orderBy: [desc(casePlans.table.createdAt)], limit: 1, purpose: 'check' });
  const goalIds = new Set(latest?.goals.map((g) => g.id) ?? []);
  const unknown = input.scores.findIndex((s) => !goalIds.has(s.goalId));
  if (unknown >= 0) throw invalidField(`scores.${unknown}.goalId`, 'cases.validation.unknownGoal');
  const row = await gw.insert(caseReviews, { organisationId: record.organisationId, caseId, reviewedOn: input.reviewedOn, scores: input.scores, notesSealed: input.notes ? keys.seal(input.notes) : null });
  return { id: row.id, caseId, reviewedOn: row.reviewedOn, scores: row.scores, notes: input.notes, version: row.version };
}

// ---- supervision --------------------------------------------------------------------------

export async function requestApproval(gw: Gateway, caseId: string, input: z.infer<typeof approvalRequest>) {
  const record = await gw.findForUpdate(cases, caseId);
  if (input.kind === 'plan') {
    if (!input.planId) throw invalidField('planId', 'validation.required');
    const plan = await gw.findForUpdate(casePlans, input.planId);
    if (plan.caseId !== caseId) throw invalidField('planId', 'cases.validation.unknownReference');
  } else if (!input.closureReason) throw invalidField('closureReason', 'validation.required');
  const row = await gw.insert(caseApprovals, { organisationId: record.organisationId, caseId, kind: input.kind, planId: input.kind === 'plan' ? input.planId : null, closureReason: input.closureReason, requestedBy: gw.actor.userId });
  return presentApproval(row);
}

/** A CSO manager decides; nobody decides their own request. */
export async function decideApproval(gw: Gateway, id: string, input: z.infer<typeof approvalDecision>) {
  const request = await gw.findForUpdate(caseApprovals, id);
  if (request.requestedBy === gw.actor.userId) throw new HttpProblem('forbidden', [], 'cases.errors.selfApproval');
  if (request.status !== 'pending') throw new HttpProblem('conflict', [], 'cases.errors.alreadyDecided');
  const row = await gw.update(caseApprovals, id, {
    version: input.version,
    set: { status: input.approve ? 'approved' : 'rejected', decidedBy: gw.actor.userId, decidedAt: new Date(), comment: input.comment },
  }, { action: 'decide' });
  return presentApproval(row);
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];

/** Every pending approval the manager may decide, oldest first, with the person and the plan it is about (four queries, whatever the number). */
export async function pendingApprovals(gw: Gateway) {
  const rows = await gw.rows(caseApprovals, { where: eq(caseApprovals.table.status, 'pending'), orderBy: [asc(caseApprovals.table.createdAt), asc(caseApprovals.table.id)] });
  if (rows.length === 0) return [];
  // A manager decides on cases outside their own caseload: they read what they may change (the
  // write scope), which is the request's case and plan, not the rest of the file.
  const caseRows = await gw.selectForUpdate(cases, { id: cases.table.id, personId: cases.table.personId }, { where: inArray(cases.table.id, unique(rows.map((a) => a.caseId))) });
  const personOf = new Map(caseRows.map((c) => [c.id, c.personId]));
  const planIds = unique(rows.flatMap((a) => (a.planId ? [a.planId] : [])));
  const [persons, plans] = await Promise.all([
    gw.select(people, { id: people.table.id, givenName: people.table.givenName, surname: people.table.surname, erasedAt: people.table.erasedAt }, { where: inArray(people.table.id, unique([...personOf.values()])), purpose: 'check' }),
    planIds.length ? gw.selectForUpdate(casePlans, { id: casePlans.table.id, goals: casePlans.table.goals, reviewOn: casePlans.table.reviewOn }, { where: inArray(casePlans.table.id, planIds) }) : [],
  ]);
  const personById = new Map(persons.map((p) => [p.id, p]));
  const planById = new Map(plans.map(({ id, ...plan }) => [id, plan]));
  return rows
    .filter((a) => personOf.has(a.caseId))
    .map((a) => {
      const person = personById.get(personOf.get(a.caseId)!);
      return { ...presentApproval(a), personName: person && !person.erasedAt ? `${person.givenName} ${person.surname}` : '—', plan: a.planId ? (planById.get(a.planId) ?? null) : null };
    });
}

/** Closing needs an approved closure request; the approved reason becomes the closure reason. */
export async function closeCase(gw: Gateway, id: string, version: number) {
  await gw.findForUpdate(cases, id);
  const [approved] = await gw.rows(caseApprovals, { where: and(eq(caseApprovals.table.caseId, id), eq(caseApprovals.table.kind, 'closure'), eq(caseApprovals.table.status, 'approved')), orderBy: [desc(caseApprovals.table.decidedAt)], limit: 1 });
  if (!approved) throw new HttpProblem('conflict', [], 'cases.errors.closureNotApproved');
  const row = await gw.update(cases, id, { version, set: { status: 'closed', closedOn: today(), closureReason: approved.closureReason } });
  return (await presentCases(gw, [row]))[0]!;
}

/** Break-glass: a CSO manager opens a case outside their caseload, with a reason, for a while. */
export async function breakGlass(gw: Gateway, caseId: string, input: z.infer<typeof breakGlassInput>) {
  const grantId = await gw.breakGlass(cases, caseId, input.reason, input.minutes);
  return { grantId, expiresAt: new Date(Date.now() + input.minutes * 60_000).toISOString() };
}

// ---- referrals ----------------------------------------------------------------------------

/**
 * Sends a referral: the receiver reads the referral at once (a grant) and is offered a grant on
 * the person, live only once it accepts. Needs live consent to sharing on referral.
 */
export async function sendReferral(gw: Gateway, caseId: string, input: z.infer<typeof referralInput>) {
  const record = await gw.findForUpdate(cases, caseId);
  if (input.toOrganisationId === record.organisationId) throw invalidField('toOrganisationId', 'cases.validation.referToSelf');
  // Only a CSO or a city hall answers referrals: another kind of organisation could never accept one.
  if ((await gw.directory(['cso', 'municipality'], input.toOrganisationId)).length === 0) throw invalidField('toOrganisationId', 'cases.validation.notReferralTarget');
  if (!(await liveConsent(gw, record.personId)).referralSharing) throw invalidField('sharedFields', 'cases.validation.noSharingConsent');
  const id = await unknownReference('toOrganisationId', () =>
    gw.transaction(async (tx) => {
      const personGrantId = await tx.grant(people, record.personId, { organisationId: input.toOrganisationId }, { purpose: 'referral', reason: input.reason, offer: true });
      const row = await tx.insert(referrals, { organisationId: record.organisationId, toOrganisationId: input.toOrganisationId, caseId, personId: record.personId, reason: input.reason, urgency: input.urgency, sharedFields: input.sharedFields, personGrantId, sentBy: tx.actor.userId });
      await tx.grant(referrals, row.id, { organisationId: input.toOrganisationId }, { purpose: 'referral', reason: input.reason });
      return row.id;
    }),
  );
  return getReferral(gw, id);
}

async function receivedReferral(gw: Gateway, id: string) {
  const row = await gw.find(referrals, id);
  if (row.toOrganisationId !== gw.actor.organisationId) throw forbidden();
  const status = (await referralStatuses(gw, [row])).get(id)!.status;
  return { row, status };
}

async function answer(gw: Gateway, id: string, decision: 'accepted' | 'declined' | 'completed', reason: string, from: string) {
  await gw.transaction(async (tx) => {
    const { row, status } = await receivedReferral(tx, id);
    if (status !== from) throw new HttpProblem('conflict', [], 'cases.errors.referralState');
    if (row.personGrantId) await tx.answerGrant(row.personGrantId, decision === 'accepted' ? 'accept' : 'release');
    const answerRow = await tx.insert(referralDecisions, { organisationId: tx.actor.organisationId, referralId: id, decision, reason, decidedBy: tx.actor.userId });
    // The sender sees the answer (and so the referral's status) through a grant.
    await tx.grant(referralDecisions, answerRow.id, { organisationId: row.organisationId }, { purpose: 'referral', reason: decision });
  });
  return getReferral(gw, id);
}

export const acceptReferral = (gw: Gateway, id: string, input: z.infer<typeof referralDecisionInput>) => answer(gw, id, 'accepted', input.reason, 'pending');
export function declineReferral(gw: Gateway, id: string, input: z.infer<typeof referralDecisionInput>) {
  if (!input.reason) throw invalidField('reason', 'validation.required');
  return answer(gw, id, 'declined', input.reason, 'pending');
}
export const completeReferral = (gw: Gateway, id: string, input: z.infer<typeof referralDecisionInput>) => answer(gw, id, 'completed', input.reason, 'accepted');

/** The sender revokes: the receiver loses the person at once and sees the referral as revoked. */
export async function revokeReferral(gw: Gateway, id: string) {
  await gw.transaction(async (tx) => {
    const row = await tx.findForUpdate(referrals, id);
    const status = (await referralStatuses(tx, [row])).get(id)!.status;
    if (status !== 'pending' && status !== 'accepted') throw new HttpProblem('conflict', [], 'cases.errors.referralState');
    await tx.update(referrals, id, { set: { revokedAt: new Date() } }, { action: 'revoke_grant' });
    if (row.personGrantId) await tx.revokeGrant(row.personGrantId);
  });
  return getReferral(gw, id);
}
