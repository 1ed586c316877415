import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Page } from '../../../common/schemas/list';
import type { Enrolment, enrolInput, enrolmentListQuery } from '../../../common/schemas/learning';
import type { Gateway } from '../../access/gateway';
import { OWNED, PROGRAMME } from '../../access/registry';
import type { ExportSource } from '../../http/export';
import { HttpProblem, invalidField, notFound } from '../../http/problem';
import { emptyPage, presentPage } from '../../http/paging';
import { readResponse, startResponse } from '../responses';
import { moduleRow, publishedLessonIds, publishedLessonsByModule } from './catalogue';
import { auditedExport } from './exports';
import { issueCertificate } from './certificates';
import { fullName, ownStaff, staffRow } from './staff';

const { learningEnrolments: enrolments, learningProgress: progress, learningStaff: staff, learningCertificates: certificates } = OWNED;
const { learningModules: modules } = PROGRAMME;
type EnrolmentRow = typeof enrolments.table.$inferSelect;

const listFields = { row: enrolments.table, titleKa: modules.titleKa, titleEn: modules.titleEn, givenName: staff.table.givenName, surname: staff.table.surname };
const listJoins = [
  { table: modules, on: eq(modules.id, enrolments.table.moduleId) },
  { table: staff.table, on: eq(staff.table.id, enrolments.table.staffId) },
];
type Listed = { row: EnrolmentRow; titleKa: string; titleEn: string; givenName: string; surname: string };

async function present(gw: Gateway, rows: Listed[]): Promise<Enrolment[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.row.id);
  const [done, certs] = await Promise.all([
    gw.select(progress, { enrolmentId: progress.table.enrolmentId, lessonId: progress.table.lessonId, completedAt: progress.table.completedAt }, { where: inArray(progress.table.enrolmentId, ids) }),
    gw.select(certificates, { id: certificates.table.id, enrolmentId: certificates.table.enrolmentId }, { where: inArray(certificates.table.enrolmentId, ids) }),
  ]);
  const lessonsByModule = await publishedLessonsByModule(gw, [...new Set(rows.map((r) => r.row.moduleId))]);
  const finished = new Map<string, string[]>();
  for (const p of done) if (p.completedAt) finished.set(p.enrolmentId, [...(finished.get(p.enrolmentId) ?? []), p.lessonId]);
  const certificateOf = new Map(certs.map((c) => [c.enrolmentId, c.id]));
  return rows.map(({ row, titleKa, titleEn, givenName, surname }) => {
    const lessonIds = lessonsByModule.get(row.moduleId) ?? [];
    const completed = lessonIds.filter((id) => finished.get(row.id)?.includes(id));
    const resume = row.lastLessonId && lessonIds.includes(row.lastLessonId) && !completed.includes(row.lastLessonId) ? row.lastLessonId : (lessonIds.find((id) => !completed.includes(id)) ?? row.lastLessonId);
    return {
      id: row.id,
      organisationId: row.organisationId,
      staffId: row.staffId,
      staffName: fullName({ givenName, surname }),
      moduleId: row.moduleId,
      titleKa,
      titleEn,
      status: row.status,
      lessonsTotal: lessonIds.length,
      lessonsCompleted: completed.length,
      resumeLessonId: resume ?? null,
      completedLessonIds: completed,
      testResponseId: row.testResponseId,
      testScore: row.testScore,
      passed: row.passed,
      completedAt: row.completedAt?.toISOString() ?? null,
      certificateId: certificateOf.get(row.id) ?? null,
      version: row.version,
    };
  });
}

export async function getEnrolment(gw: Gateway, id: string): Promise<Enrolment> {
  const [row] = await gw.select(enrolments, listFields, { where: eq(enrolments.table.id, id), joins: listJoins });
  if (!row) throw notFound();
  return (await present(gw, [row]))[0]!;
}

type EnrolmentFilter = Partial<Pick<z.infer<typeof enrolmentListQuery>, 'moduleId' | 'organisationId' | 'mine'>>;

/** The list's filters as SQL; `null` when "mine" cannot match (the caller has no register entry). */
async function enrolmentWhere(gw: Gateway, query: EnrolmentFilter): Promise<SQL | undefined | null> {
  const mine = query.mine ? (await ownStaff(gw))?.id : undefined;
  if (query.mine && !mine) return null;
  return and(
    query.moduleId ? eq(enrolments.table.moduleId, query.moduleId) : undefined,
    query.organisationId ? eq(enrolments.table.organisationId, query.organisationId) : undefined,
    mine ? eq(enrolments.table.staffId, mine) : undefined,
  );
}

export async function listEnrolments(gw: Gateway, query: z.infer<typeof enrolmentListQuery>): Promise<Page<Enrolment>> {
  const where = await enrolmentWhere(gw, query);
  if (where === null) return emptyPage(query);
  const page = await gw.page(enrolments, listFields, { where, joins: listJoins, countJoins: [], order: { key: [enrolments.table.updatedAt, enrolments.table.id], dir: query.dir }, request: query, filter: query });
  return presentPage(page, (rows) => present(gw, rows));
}

/** Every enrolment the reader may follow, newest first (the list's order), streamed in keyset batches; recorded as an export. */
export async function exportEnrolments(gw: Gateway, query: EnrolmentFilter): Promise<ExportSource<Enrolment>> {
  const where = await enrolmentWhere(gw, query);
  const filter = { moduleId: query.moduleId ?? null, organisationId: query.organisationId ?? null, mine: query.mine ?? false };
  const source = gw.exportSource(enrolments, listFields, { where: where === null ? sql`false` : where, joins: listJoins, key: [enrolments.table.updatedAt, enrolments.table.id], dir: 'desc', filter });
  return auditedExport(gw, 'learning_enrolment', filter, source, (rows) => present(gw, rows));
}

/** Enrols the caller (or, for managers and programme staff, a staff member they follow) in a published module; enrolling twice returns the enrolment. */
export async function enrol(gw: Gateway, input: z.infer<typeof enrolInput>): Promise<{ created: boolean; enrolment: Enrolment }> {
  await moduleRow(gw, input.moduleId);
  const learner = input.staffId ? await staffRow(gw, input.staffId) : await ownStaff(gw);
  if (!learner) throw invalidField('staffId', 'learning.errors.registerFirst');
  const [existing] = await gw.select(enrolments, { id: enrolments.table.id }, { where: and(eq(enrolments.table.staffId, learner.id), eq(enrolments.table.moduleId, input.moduleId)) });
  if (existing) return { created: false, enrolment: await getEnrolment(gw, existing.id) };
  const row = await gw.insert(enrolments, { organisationId: learner.organisationId, staffId: learner.id, moduleId: input.moduleId }, { action: 'enrol' });
  return { created: true, enrolment: await getEnrolment(gw, row.id) };
}

/** Records that a lesson was opened (and, when `completed`, finished); the learner resumes there. */
export async function recordProgress(gw: Gateway, id: string, lessonId: string, completed: boolean): Promise<Enrolment> {
  const enrolment = await gw.findForUpdate(enrolments, id);
  const lessonIds = await publishedLessonIds(gw, enrolment.moduleId);
  if (!lessonIds.includes(lessonId)) throw notFound();
  await gw.transaction(async (tx) => {
    const [seen] = await tx.rows(progress, { where: and(eq(progress.table.enrolmentId, id), eq(progress.table.lessonId, lessonId)) });
    if (!seen) await tx.insertLinks(progress, [{ organisationId: enrolment.organisationId, enrolmentId: id, lessonId, completedAt: completed ? new Date() : null }]);
    else if (completed && !seen.completedAt) await tx.update(progress, seen.id, { set: { completedAt: new Date() } });
    await tx.update(enrolments, id, { set: { lastLessonId: lessonId } }, { changes: completed ? { completedLesson: { to: lessonId } } : { openedLesson: { to: lessonId } } });
  });
  return getEnrolment(gw, id);
}

/** The module test: a form (instrument of purpose "test") about the learner; a fresh one after a failed attempt. */
export async function startTest(gw: Gateway, id: string): Promise<{ responseId: string }> {
  const enrolment = await gw.findForUpdate(enrolments, id);
  const module = await moduleRow(gw, enrolment.moduleId);
  if (!module.testInstrumentId) throw new HttpProblem('conflict', [], 'learning.errors.noTest');
  if (enrolment.status === 'completed') throw new HttpProblem('conflict', [], 'learning.errors.alreadyCompleted');
  if (enrolment.testResponseId) {
    const current = await readResponse(gw, enrolment.testResponseId).catch(() => null);
    if (current && current.response.status === 'draft') return { responseId: current.response.id };
  }
  const learner = await staffRow(gw, enrolment.staffId);
  return gw.transaction(async (tx) => {
    const response = await startResponse(tx, {
      instrumentId: module.testInstrumentId!,
      organisationId: enrolment.organisationId,
      label: fullName(learner),
      subject: { type: 'participant', id: learner.id },
    });
    await tx.update(enrolments, id, { set: { testResponseId: response.response.id, testScore: null, passed: null } });
    return { responseId: response.response.id };
  });
}

/**
 * Completes a module: every published lesson finished and, when the module has a test, the
 * submitted test scoring at least the pass mark. A failed test is recorded (the learner may take
 * it again); a completion issues the certificate.
 */
export async function completeModule(gw: Gateway, id: string): Promise<Enrolment> {
  const enrolment = await gw.findForUpdate(enrolments, id);
  if (enrolment.status === 'completed') return getEnrolment(gw, id);
  const module = await moduleRow(gw, enrolment.moduleId);
  const current = await getEnrolment(gw, id);
  if (current.lessonsCompleted < current.lessonsTotal) throw new HttpProblem('conflict', [], 'learning.errors.lessonsLeft');
  let score: number | null = null;
  if (module.testInstrumentId) {
    if (!enrolment.testResponseId) throw new HttpProblem('conflict', [], 'learning.errors.testNotTaken');
    const test = await readResponse(gw, enrolment.testResponseId);
    if (test.response.status !== 'submitted') throw new HttpProblem('conflict', [], 'learning.errors.testNotTaken');
    score = test.response.score?.overall ?? 0;
    if (score < module.passMark) {
      await gw.update(enrolments, id, { set: { testScore: score, passed: false } });
      throw new HttpProblem('conflict', [], 'learning.errors.testFailed');
    }
  }
  await gw.transaction(async (tx) => {
    const done = await tx.update(enrolments, id, { set: { status: 'completed', testScore: score, passed: module.testInstrumentId ? true : null, completedAt: new Date() } }, { action: 'complete' });
    const learner = await staffRow(tx, done.staffId);
    await issueCertificate(tx, { kind: 'module', staff: learner, enrolmentId: id, courseKa: module.titleKa, courseEn: module.titleEn, hours: module.hours });
  });
  return getEnrolment(gw, id);
}

/** Every enrolment of the learner (at most one per module of the catalogue), latest activity first. */
export async function myEnrolments(gw: Gateway): Promise<Enrolment[]> {
  const mine = await ownStaff(gw);
  if (!mine) return [];
  const rows = await gw.select(enrolments, listFields, { where: eq(enrolments.table.staffId, mine.id), joins: listJoins, orderBy: [desc(enrolments.table.updatedAt), enrolments.table.id] });
  return present(gw, rows);
}
