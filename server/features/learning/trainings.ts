import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { MIN_ATTENDANCE, type Participant, type trainingSurvey as trainingSurveySchema, type TrainingDetail, type participantPatch, type trainingInput, type trainingListQuery, type trainingPatch } from '../../../common/schemas/learning';
import { assertVersionMatched, type Gateway } from '../../access/gateway';
import { OWNED, PROGRAMME } from '../../access/registry';
import { HttpProblem, invalidField, notFound } from '../../http/problem';
import { pageOfRows, pageWindow, presentPage } from '../../http/paging';
import { readResponse, startResponse, summariseResponses } from '../responses';
import { issueCertificate } from './certificates';
import { fullName, staffRow } from './staff';

// Live trainings are programme events (everyone signed in sees the event); each participant row
// belongs to the participant's CSO and is seen by the participant, their manager and programme staff.

const { learningTrainings: trainings, learningModules: modules, learningPackages: packages, instruments } = PROGRAMME;
const { learningParticipants: participants, learningStaff: staff, learningCertificates: certificates } = OWNED;
const responses = OWNED.responses.table;
type TrainingRow = typeof trainings.$inferSelect;

function presentTraining(t: TrainingRow) {
  return {
    id: t.id,
    moduleId: t.moduleId,
    packageId: t.packageId,
    titleKa: t.titleKa,
    titleEn: t.titleEn,
    trainers: t.trainers,
    days: t.days,
    hoursPerDay: t.hoursPerDay,
    venue: t.venue,
    municipalityId: t.municipalityId,
    online: t.online,
    status: t.status,
    passMark: t.passMark,
    startsOn: t.startsOn,
    surveyInstrumentId: t.surveyInstrumentId,
    version: t.version,
  };
}

export const gainOf = (p: { preScore: number | null; postScore: number | null }) => (p.preScore === null || p.postScore === null ? null : Math.round((p.postScore - p.preScore) * 10) / 10);

export async function listTrainings(gw: Gateway, query: z.infer<typeof trainingListQuery>) {
  const window = pageWindow(query, { key: [trainings.startsOn, trainings.id], dir: query.dir });
  const [rows, total] = await Promise.all([
    gw.programme.select({ ...getTableColumns(trainings), pageKey: window.pageKey }).from(trainings).where(window.after).orderBy(...window.orderBy).limit(window.limit).offset(window.offset),
    // Programme-wide and small (trainings of one programme), so the count is exact; once per list.
    window.counted ?? gw.programme.select({ n: sql<number>`count(*)::int` }).from(trainings).then(([row]) => Number(row?.n ?? 0)),
  ]);
  return presentPage(pageOfRows(query, rows, total), (items) => items.map(presentTraining));
}

async function trainingRow(gw: Gateway, id: string): Promise<TrainingRow> {
  const [row] = await gw.programme.rows(trainings).where(eq(trainings.id, id));
  if (!row) throw notFound();
  return row;
}

export async function getTraining(gw: Gateway, id: string): Promise<TrainingDetail> {
  const t = await trainingRow(gw, id);
  const rows = await gw.select(
    participants,
    { row: participants.table, givenName: staff.table.givenName, surname: staff.table.surname },
    { where: eq(participants.table.trainingId, id), joins: [{ table: staff.table, on: eq(staff.table.id, participants.table.staffId) }], orderBy: [staff.table.surname, staff.table.givenName, participants.table.id] },
  );
  const ids = rows.map((r) => r.row.id);
  const certs = ids.length ? await gw.select(certificates, { id: certificates.table.id, participantId: certificates.table.participantId }, { where: inArray(certificates.table.participantId, ids) }) : [];
  const list: Participant[] = rows.map(({ row, givenName, surname }) => ({
    id: row.id,
    organisationId: row.organisationId,
    staffId: row.staffId,
    staffName: fullName({ givenName, surname }),
    attendance: t.days.map((_, i) => row.attendance[i] ?? false),
    preScore: row.preScore,
    postScore: row.postScore,
    gain: gainOf(row),
    certificateId: certs.find((c) => c.participantId === row.id)?.id ?? null,
    surveyResponseId: row.surveyResponseId,
    version: row.version,
  }));
  const gains = list.map((p) => p.gain).filter((g): g is number => g !== null);
  return { ...presentTraining(t), participants: list, averageGain: gains.length ? Math.round((gains.reduce((a, b) => a + b, 0) / gains.length) * 10) / 10 : null };
}

async function references<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
      if (e.code === '23503') throw invalidField('moduleId', 'learning.errors.unknownReference');
      if (e.code === '23505') throw invalidField('staffId', 'learning.errors.alreadyParticipant');
    }
    throw error;
  }
}

/** A training's survey is an instrument of purpose "survey". */
async function assertSurvey(gw: Gateway, instrumentId: string | null | undefined): Promise<void> {
  if (!instrumentId) return;
  const [found] = await gw.programme.select({ purpose: instruments.purpose }).from(instruments).where(eq(instruments.id, instrumentId));
  if (found?.purpose !== 'survey') throw invalidField('surveyInstrumentId', 'learning.errors.notASurvey');
}

export async function createTraining(gw: Gateway, input: z.infer<typeof trainingInput>): Promise<TrainingDetail> {
  await assertSurvey(gw, input.surveyInstrumentId);
  const days = [...new Set(input.days)].sort();
  const id = await references(() =>
    gw.transaction(async (tx) => {
      const [row] = await tx.programme.insert(trainings).values({ ...input, days, startsOn: days[0]! }).returning({ id: trainings.id });
      await tx.audit({ action: 'create', entityType: 'learning_training', entityId: row!.id, changes: null });
      return row!.id;
    }),
  );
  return getTraining(gw, id);
}

export async function updateTraining(gw: Gateway, id: string, patch: z.infer<typeof trainingPatch>): Promise<TrainingDetail> {
  const { version, ...set } = patch;
  await trainingRow(gw, id);
  await assertSurvey(gw, set.surveyInstrumentId);
  await gw.transaction(async (tx) => {
    const updated = await tx.programme.update(trainings).set({ ...set, version: version + 1, updatedAt: new Date() }).where(and(eq(trainings.id, id), eq(trainings.version, version))).returning({ id: trainings.id });
    assertVersionMatched(updated);
    await tx.audit({ action: 'update', entityType: 'learning_training', entityId: id, changes: set.status ? { status: { to: set.status } } : null });
  });
  return getTraining(gw, id);
}

/** Invites a staff member: the participant row belongs to their CSO. */
export async function addParticipant(gw: Gateway, trainingId: string, staffId: string): Promise<TrainingDetail> {
  const t = await trainingRow(gw, trainingId);
  const person = await staffRow(gw, staffId);
  await references(() => gw.insert(participants, { organisationId: person.organisationId, trainingId, staffId, attendance: t.days.map(() => false) }));
  return getTraining(gw, trainingId);
}

export async function updateParticipant(gw: Gateway, id: string, patch: z.infer<typeof participantPatch>): Promise<TrainingDetail> {
  const row = await gw.findForUpdate(participants, id);
  const t = await trainingRow(gw, row.trainingId);
  if (patch.attendance && patch.attendance.length !== t.days.length) throw invalidField('attendance', 'learning.errors.attendanceDays', { days: t.days.length });
  const { version, ...set } = patch;
  await gw.update(participants, id, { version, set });
  return getTraining(gw, row.trainingId);
}

/** Attended at least MIN_ATTENDANCE of the days and passed the post-test. */
export function eligible(t: { days: string[]; passMark: number }, p: { attendance: boolean[]; postScore: number | null }): boolean {
  const attended = t.days.filter((_, i) => p.attendance[i]).length;
  return t.days.length > 0 && attended / t.days.length >= MIN_ATTENDANCE && p.postScore !== null && p.postScore >= t.passMark;
}

/** Issues certificates to every eligible participant who has none yet; only for a completed training. */
export async function issueTrainingCertificates(gw: Gateway, id: string): Promise<TrainingDetail> {
  const t = await trainingRow(gw, id);
  if (t.status !== 'completed') throw new HttpProblem('conflict', [], 'learning.errors.trainingNotCompleted');
  const detail = await getTraining(gw, id);
  const [course] = t.moduleId
    ? await gw.programme.select({ titleKa: modules.titleKa, titleEn: modules.titleEn }).from(modules).where(eq(modules.id, t.moduleId))
    : await gw.programme.select({ titleKa: packages.titleKa, titleEn: packages.titleEn }).from(packages).where(eq(packages.id, t.packageId!));
  await gw.transaction(async (tx) => {
    for (const p of detail.participants) {
      if (p.certificateId || !eligible(t, p)) continue;
      const person = await staffRow(tx, p.staffId);
      const hours = t.days.filter((_, i) => p.attendance[i]).length * t.hoursPerDay;
      await issueCertificate(tx, { kind: 'training', staff: person, participantId: p.id, courseKa: course?.titleKa ?? t.titleKa, courseEn: course?.titleEn ?? t.titleEn, hours });
    }
  });
  return getTraining(gw, id);
}

/**
 * A participant's satisfaction survey: a form (the training's survey instrument) about the
 * participant, started once through the responses module and then filled in with the ordinary
 * form filler; asking again returns the same form (a new one if its draft was deleted). The
 * participant, their CSO's manager and programme staff may start it (the participant row's write
 * scope); the form belongs to the participant's CSO.
 */
export async function startSurvey(gw: Gateway, participantId: string): Promise<{ responseId: string }> {
  return gw.transaction(async (tx) => {
    const row = await tx.findForUpdate(participants, participantId);
    const t = await trainingRow(tx, row.trainingId);
    if (!t.surveyInstrumentId) throw new HttpProblem('conflict', [], 'learning.errors.noSurvey');
    if (t.status === 'cancelled') throw new HttpProblem('conflict', [], 'learning.errors.trainingCancelled');
    if (row.surveyResponseId) {
      const current = await readResponse(tx, row.surveyResponseId).catch(() => null);
      if (current) return { responseId: current.response.id };
    }
    const person = await staffRow(tx, row.staffId);
    const response = await startResponse(tx, {
      instrumentId: t.surveyInstrumentId,
      organisationId: row.organisationId,
      label: `${fullName(person)} · ${t.titleKa}`,
      subject: { type: 'participant', id: person.id },
    });
    await tx.update(participants, participantId, { set: { surveyResponseId: response.response.id } }, { changes: { surveyResponseId: { to: response.response.id } } });
    return { responseId: response.response.id };
  });
}

/**
 * The survey's results over this training's participants, question by question: counts and means
 * only (everyone who sees the training sees them), counts under 5 hidden unless every form counted
 * is one the reader could open (inside the participants' organisations, or programme staff).
 */
export async function trainingSurvey(gw: Gateway, id: string): Promise<z.infer<typeof trainingSurveySchema>> {
  const t = await trainingRow(gw, id);
  if (!t.surveyInstrumentId) return { summary: null };
  const ofThisTraining = sql`${responses.id} in (select ${participants.table.surveyResponseId} from ${participants.table} where ${participants.table.trainingId} = ${id})`;
  return { summary: await summariseResponses(gw, t.surveyInstrumentId, {}, ofThisTraining) };
}
