import type { Readable } from 'node:stream';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { z } from 'zod';
import { MAX_FILE_BYTES, type Lesson, type ModuleDetail, type PackageRecord, type lessonInput, type lessonPatch, type moduleInput, type modulePatch, type packageInput, type packagePatch } from '../../../common/schemas/learning';
import { assertVersionMatched, type Gateway } from '../../access/gateway';
import { PROGRAMME } from '../../access/registry';
import { HttpProblem, invalidField, notFound } from '../../http/problem';
import type { Storage } from '../../storage';
import { storeUpload } from '../../storage/transfer';

// The catalogue is programme-wide: every signed-in user reads what is published; authors
// (`learning.author`) read drafts and change everything.

const { learningPackages: packages, learningModules: modules, learningLessons: lessons, learningFiles: files, instruments } = PROGRAMME;

export const isAuthor = (gw: Gateway) => gw.can('learning.author');

const moduleFields = {
  id: modules.id,
  packageId: modules.packageId,
  code: modules.code,
  titleKa: modules.titleKa,
  titleEn: modules.titleEn,
  summaryKa: modules.summaryKa,
  summaryEn: modules.summaryEn,
  hours: modules.hours,
  testInstrumentId: modules.testInstrumentId,
  passMark: modules.passMark,
  position: modules.position,
  published: modules.published,
  version: modules.version,
};

/** Packages with their modules; learners get the published ones only. */
export async function listPackages(gw: Gateway): Promise<PackageRecord[]> {
  const author = isAuthor(gw);
  const rows = await gw.programme
    .rows(packages)
    .where(author ? undefined : eq(packages.published, true))
    .orderBy(asc(packages.position), asc(packages.titleEn), asc(packages.id));
  const ids = rows.map((p) => p.id);
  const mods = ids.length
    ? await gw.programme
        .select(moduleFields)
        .from(modules)
        .where(and(inArray(modules.packageId, ids), author ? undefined : eq(modules.published, true)))
        .orderBy(asc(modules.position), asc(modules.id))
    : [];
  return rows.map((p) => ({
    id: p.id,
    code: p.code,
    titleKa: p.titleKa,
    titleEn: p.titleEn,
    descriptionKa: p.descriptionKa,
    descriptionEn: p.descriptionEn,
    position: p.position,
    published: p.published,
    version: p.version,
    modules: mods.filter((m) => m.packageId === p.id),
  }));
}

async function packageRow(gw: Gateway, id: string) {
  const [row] = await gw.programme.rows(packages).where(eq(packages.id, id));
  if (!row || (!row.published && !isAuthor(gw))) throw notFound();
  return row;
}

function duplicateCode<T>(work: () => Promise<T>): Promise<T> {
  return work().catch((error: unknown) => {
    for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
      if (e.code === '23505') throw invalidField('code', 'learning.errors.duplicateCode');
      if (e.code === '23503') throw invalidField('packageId', 'learning.errors.unknownReference');
    }
    throw error;
  });
}

export async function createPackage(gw: Gateway, input: z.infer<typeof packageInput>): Promise<PackageRecord> {
  const id = await duplicateCode(() =>
    gw.transaction(async (tx) => {
      const [row] = await tx.programme.insert(packages).values(input).returning({ id: packages.id });
      await tx.audit({ action: 'create', entityType: 'learning_package', entityId: row!.id, changes: null });
      return row!.id;
    }),
  );
  return (await listPackages(gw)).find((p) => p.id === id)!;
}

export async function updatePackage(gw: Gateway, id: string, patch: z.infer<typeof packagePatch>): Promise<PackageRecord> {
  const { version, ...set } = patch;
  await packageRow(gw, id);
  await gw.transaction(async (tx) => {
    const updated = await tx.programme.update(packages).set({ ...set, version: version + 1, updatedAt: new Date() }).where(and(eq(packages.id, id), eq(packages.version, version))).returning({ id: packages.id });
    assertVersionMatched(updated);
    await tx.audit({ action: set.published ? 'publish' : 'update', entityType: 'learning_package', entityId: id, changes: null });
  });
  return (await listPackages(gw)).find((p) => p.id === id)!;
}

/** A module's test must be an instrument of purpose "test". */
async function checkTest(gw: Gateway, instrumentId: string | null | undefined) {
  if (!instrumentId) return;
  const [row] = await gw.programme.select({ purpose: instruments.purpose }).from(instruments).where(eq(instruments.id, instrumentId));
  if (!row || row.purpose !== 'test') throw invalidField('testInstrumentId', 'learning.errors.notATest');
}

export async function moduleRow(gw: Gateway, id: string) {
  const [row] = await gw.programme.select(moduleFields).from(modules).where(eq(modules.id, id));
  if (!row || (!row.published && !isAuthor(gw))) throw notFound();
  return row;
}

export async function getModule(gw: Gateway, id: string): Promise<ModuleDetail> {
  const row = await moduleRow(gw, id);
  const pkg = await packageRow(gw, row.packageId);
  const list = await lessonsOf(gw, id);
  return { ...row, package: { id: pkg.id, titleKa: pkg.titleKa, titleEn: pkg.titleEn }, lessons: list };
}

/** A module's lessons in order: learners see published ones, with their published titles. */
export async function lessonsOf(gw: Gateway, moduleId: string) {
  const author = isAuthor(gw);
  const rows = await gw.programme
    .rows(lessons)
    .where(and(eq(lessons.moduleId, moduleId), author ? undefined : isNotNull(lessons.published)))
    .orderBy(asc(lessons.position), asc(lessons.id));
  return rows.map((l) => ({
    id: l.id,
    position: l.position,
    titleKa: author ? l.titleKa : l.published!.titleKa,
    titleEn: author ? l.titleEn : l.published!.titleEn,
    published: l.published !== null,
  }));
}

export async function createModule(gw: Gateway, input: z.infer<typeof moduleInput>): Promise<ModuleDetail> {
  await checkTest(gw, input.testInstrumentId);
  const id = await duplicateCode(() =>
    gw.transaction(async (tx) => {
      const [row] = await tx.programme.insert(modules).values(input).returning({ id: modules.id });
      await tx.audit({ action: 'create', entityType: 'learning_module', entityId: row!.id, changes: null });
      return row!.id;
    }),
  );
  return getModule(gw, id);
}

export async function updateModule(gw: Gateway, id: string, patch: z.infer<typeof modulePatch>): Promise<ModuleDetail> {
  const { version, ...set } = patch;
  await moduleRow(gw, id);
  await checkTest(gw, set.testInstrumentId);
  await gw.transaction(async (tx) => {
    const updated = await tx.programme.update(modules).set({ ...set, version: version + 1, updatedAt: new Date() }).where(and(eq(modules.id, id), eq(modules.version, version))).returning({ id: modules.id });
    assertVersionMatched(updated);
    await tx.audit({ action: set.published ? 'publish' : 'update', entityType: 'learning_module', entityId: id, changes: null });
  });
  return getModule(gw, id);
}

async function lessonRow(gw: Gateway, id: string) {
  const [row] = await gw.programme.rows(lessons).where(eq(lessons.id, id));
  if (!row) throw notFound();
  const author = isAuthor(gw);
  if (!author) {
    if (!row.published) throw notFound();
    await moduleRow(gw, row.moduleId);
  }
  return row;
}

export async function filesOf(gw: Gateway, lessonId: string) {
  return gw.programme.select({ id: files.id, filename: files.filename, contentType: files.contentType, size: files.size }).from(files).where(eq(files.lessonId, lessonId)).orderBy(asc(files.createdAt), asc(files.id));
}

export async function getLesson(gw: Gateway, id: string): Promise<Lesson> {
  const row = await lessonRow(gw, id);
  const author = isAuthor(gw);
  return {
    id: row.id,
    moduleId: row.moduleId,
    position: row.position,
    content: row.published,
    draft: author ? { titleKa: row.titleKa, titleEn: row.titleEn, bodyKa: row.bodyKa, bodyEn: row.bodyEn, videoUrls: row.videoUrls } : null,
    publishedNumber: row.publishedNumber,
    files: await filesOf(gw, id),
    version: row.version,
  };
}

export async function createLesson(gw: Gateway, moduleId: string, input: z.infer<typeof lessonInput>): Promise<Lesson> {
  await moduleRow(gw, moduleId);
  const id = await gw.transaction(async (tx) => {
    const [row] = await tx.programme.insert(lessons).values({ ...input, moduleId }).returning({ id: lessons.id });
    await tx.audit({ action: 'create', entityType: 'learning_lesson', entityId: row!.id, changes: null });
    return row!.id;
  });
  return getLesson(gw, id);
}

export async function updateLesson(gw: Gateway, id: string, patch: z.infer<typeof lessonPatch>): Promise<Lesson> {
  const { version, ...set } = patch;
  await lessonRow(gw, id);
  await gw.transaction(async (tx) => {
    const updated = await tx.programme.update(lessons).set({ ...set, version: version + 1, updatedAt: new Date() }).where(and(eq(lessons.id, id), eq(lessons.version, version))).returning({ id: lessons.id });
    assertVersionMatched(updated);
    await tx.audit({ action: 'update', entityType: 'learning_lesson', entityId: id, changes: null });
  });
  return getLesson(gw, id);
}

/** Publishing copies the draft into what learners read; the next edits stay drafts until published again. */
export async function publishLesson(gw: Gateway, id: string, version: number): Promise<Lesson> {
  const row = await lessonRow(gw, id);
  if (!row.bodyKa.trim() && !row.bodyEn.trim()) throw new HttpProblem('validation', [{ field: 'bodyKa', key: 'validation.required' }]);
  await gw.transaction(async (tx) => {
    const content = { titleKa: row.titleKa, titleEn: row.titleEn, bodyKa: row.bodyKa, bodyEn: row.bodyEn, videoUrls: row.videoUrls };
    const updated = await tx.programme
      .update(lessons)
      .set({ published: content, publishedNumber: row.publishedNumber + 1, publishedAt: new Date(), version: version + 1, updatedAt: new Date() })
      .where(and(eq(lessons.id, id), eq(lessons.version, version)))
      .returning({ id: lessons.id });
    assertVersionMatched(updated);
    await tx.audit({ action: 'publish', entityType: 'learning_lesson', entityId: id, changes: { number: { to: row.publishedNumber + 1 } } });
  });
  return getLesson(gw, id);
}

/** Published lesson ids of a module, in order (what completing a module requires). */
/** The published lessons of several modules in one query, in reading order, by module. */
export async function publishedLessonsByModule(gw: Gateway, moduleIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(moduleIds.map((id) => [id, []]));
  if (moduleIds.length === 0) return out;
  const rows = await gw.programme
    .select({ id: lessons.id, moduleId: lessons.moduleId })
    .from(lessons)
    .where(and(inArray(lessons.moduleId, moduleIds), isNotNull(lessons.published)))
    .orderBy(asc(lessons.position), asc(lessons.id));
  for (const r of rows) out.get(r.moduleId)?.push(r.id);
  return out;
}

export async function publishedLessonIds(gw: Gateway, moduleId: string): Promise<string[]> {
  const rows = await gw.programme
    .select({ id: lessons.id })
    .from(lessons)
    .where(and(eq(lessons.moduleId, moduleId), isNotNull(lessons.published)))
    .orderBy(asc(lessons.position), asc(lessons.id));
  return rows.map((r) => r.id);
}

// ---- lesson files (bytes in the storage module, the row here) ----

/** What a lesson may offer for download, recognised by magic bytes: documents, slides, images, video and audio. */
export const LESSON_FILE_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.presentation',
  'application/vnd.oasis.opendocument.spreadsheet',
  'image/jpeg',
  'image/png',
  'image/webp',
  'video/mp4',
  'video/webm',
  'audio/mpeg',
] as const;

export async function addLessonFile(gw: Gateway, storage: Storage, lessonId: string, upload: { filename: string; stream: Readable }) {
  await lessonRow(gw, lessonId);
  const stored = await storeUpload(storage, upload.stream, { maxBytes: MAX_FILE_BYTES, allowed: LESSON_FILE_TYPES, prefix: 'lessons', typeMessage: 'learning.errors.fileType' });
  // A refused row (a repeat under an idempotency key that meanwhile committed, say) leaves no bytes behind.
  const [row] = await gw
    .transaction(async (tx) => {
      const inserted = await tx.programme.insert(files).values({ lessonId, filename: upload.filename, ...stored }).returning();
      await tx.audit({ action: 'attach', entityType: 'learning_file', entityId: inserted[0]!.id, changes: { filename: { to: upload.filename } } });
      return inserted;
    })
    .catch(async (error: unknown) => {
      await storage.remove(stored.storageKey);
      throw error;
    });
  return { id: row!.id, filename: row!.filename, contentType: row!.contentType, size: row!.size };
}

/** A lesson file's row, when the reader may see its lesson. */
export async function lessonFile(gw: Gateway, id: string) {
  const [row] = await gw.programme.rows(files).where(eq(files.id, id));
  if (!row) throw notFound();
  await lessonRow(gw, row.lessonId);
  return row;
}
