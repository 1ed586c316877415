import { and, count, desc, eq, getTableColumns, ilike, inArray, or, sql } from 'drizzle-orm';
import { flattenQuestions, type Definition } from '../../../common/instruments/definition';
import { normalizeDefinition } from '../../../common/instruments/normalize';
import { validateDefinition } from '../../../common/instruments/validate-definition';
import { translate } from '../../../common/i18n/translate';
import type { Language } from '../../../common/roles';
import type { Instrument, InstrumentVersion } from '../../../common/schemas/instrument';
import type { z } from 'zod';
import type { instrumentInput, instrumentListQuery, instrumentPatch } from '../../../common/schemas/instrument';
import type { Page } from '../../../common/schemas/list';
import { assertVersionMatched, type Gateway } from '../../access/gateway';
import { PROGRAMME } from '../../access/registry';
import { diff } from '../../audit/log';
import { afterKey, keysetBatches, keysetKey, mapBatches, type ExportSource } from '../../http/export';
import { HttpProblem, notFound } from '../../http/problem';
import { likePattern, pageOfRows, pageWindow, presentPage } from '../../http/paging';

// Instruments are programme-wide definitions, not organisation-owned records: everyone signed
// in reads them; changing them needs the `instruments.design` permission (checked on the route).

const { instruments, instrumentVersions } = PROGRAMME;

type InstrumentRow = typeof instruments.$inferSelect;
type VersionRow = typeof instrumentVersions.$inferSelect;

const EMPTY_DEFINITION: Definition = { items: [], choiceLists: {}, settings: {} };

export function translatedIssues(definition: Definition, lang: Language) {
  return validateDefinition(definition).map((issue) => ({
    item: issue.item,
    field: issue.field,
    message: translate(lang, issue.code, { ...issue.params, item: issue.item }),
  }));
}

/** The instruments with their versions, in one query for the whole page (never one per row). */
async function withVersions<Row extends InstrumentRow>(gw: Gateway, rows: Row[]): Promise<(Row & Pick<Instrument, 'versions'>)[]> {
  if (rows.length === 0) return [];
  const versions = await gw.programme
    .select({ instrumentId: instrumentVersions.instrumentId, id: instrumentVersions.id, number: instrumentVersions.number, status: instrumentVersions.status, publishedAt: instrumentVersions.publishedAt, version: instrumentVersions.version })
    .from(instrumentVersions)
    .where(inArray(instrumentVersions.instrumentId, rows.map((row) => row.id)))
    .orderBy(desc(instrumentVersions.number));
  return rows.map((row) => ({
    ...row,
    versions: versions.filter((v) => v.instrumentId === row.id).map(({ instrumentId: _instrumentId, ...v }) => v),
  }));
}

function filters(query: Partial<z.infer<typeof instrumentListQuery>>) {
  return and(
    query.purpose ? eq(instruments.purpose, query.purpose) : undefined,
    query.q ? or(ilike(instruments.titleKa, likePattern(query.q)), ilike(instruments.titleEn, likePattern(query.q)), ilike(instruments.code, likePattern(query.q))) : undefined,
  );
}

export function exportInstruments(gw: Gateway, query: Partial<z.infer<typeof instrumentListQuery>>): ExportSource<Instrument> {
  const where = filters(query);
  const key = [instruments.code, instruments.id];
  return {
    batches: () =>
      mapBatches(
        keysetBatches((after, limit) =>
          gw.programme
            .select({ ...getTableColumns(instruments), exportKey: keysetKey(key) })
            .from(instruments)
            .where(and(where, after === undefined ? undefined : afterKey(key, 'asc', after)))
            .orderBy(...key)
            .limit(limit),
        ),
        (rows) => withVersions(gw, rows),
      ),
    count: async () => (await gw.programme.select({ n: count() }).from(instruments).where(where))[0]?.n ?? 0,
  };
}

export async function listInstruments(gw: Gateway, query: z.infer<typeof instrumentListQuery>, lang: Language): Promise<Page<Instrument>> {
  const where = filters(query);
  const title = lang === 'ka' ? instruments.titleKa : instruments.titleEn;
  const key = { title: [title, instruments.id], code: [instruments.code, instruments.id], purpose: [instruments.purpose, title, instruments.id] }[query.sort];
  const window = pageWindow(query, { key, dir: query.dir });
  const [rows, total] = await Promise.all([
    gw.programme
      .select({ ...getTableColumns(instruments), pageKey: window.pageKey })
      .from(instruments)
      .where(and(where, window.after))
      .orderBy(...window.orderBy)
      .limit(window.limit)
      .offset(window.offset),
    // Programme-wide and small (hundreds of instruments), so the count is exact; once per list.
    window.counted ?? gw.programme.select({ n: count() }).from(instruments).where(where).then(([row]) => row?.n ?? 0),
  ]);
  return presentPage(pageOfRows(query, rows, total), (items) => withVersions(gw, items));
}

async function findInstrument(gw: Gateway, id: string): Promise<InstrumentRow> {
  const [row] = await gw.programme.rows(instruments).where(eq(instruments.id, id));
  if (!row) throw notFound();
  return row;
}

export async function getInstrument(gw: Gateway, id: string): Promise<Instrument> {
  return (await withVersions(gw, [await findInstrument(gw, id)]))[0]!;
}

export async function createInstrument(gw: Gateway, input: z.infer<typeof instrumentInput>, definition: Definition = EMPTY_DEFINITION): Promise<Instrument> {
  const [taken] = await gw.programme.select({ id: instruments.id }).from(instruments).where(eq(instruments.code, input.code));
  if (taken) throw new HttpProblem('duplicate', [{ field: 'code', key: 'validation.codeTaken' }]);
  const id = await gw.transaction(async (tx) => {
    const [row] = await tx.programme.insert(instruments).values(input).returning({ id: instruments.id });
    await tx.programme.insert(instrumentVersions).values({ instrumentId: row!.id, number: 1, definition: normalizeDefinition(definition) });
    await tx.audit({ action: 'create', entityType: 'instrument', entityId: row!.id, changes: diff({}, input) });
    return row!.id;
  });
  return getInstrument(gw, id);
}

export async function updateInstrument(gw: Gateway, id: string, patch: z.infer<typeof instrumentPatch>): Promise<Instrument> {
  const before = await findInstrument(gw, id);
  const { version, ...fields } = patch;
  await gw.transaction(async (tx) => {
    const updated = await tx.programme
      .update(instruments)
      .set({ ...fields, version: sql`${instruments.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(instruments.id, id), eq(instruments.version, version)))
      .returning({ id: instruments.id });
    assertVersionMatched(updated);
    await tx.audit({ action: 'update', entityType: 'instrument', entityId: id, changes: diff(before, fields) });
  });
  return getInstrument(gw, id);
}

async function findVersion(gw: Gateway, instrumentId: string, number: number): Promise<VersionRow> {
  const [row] = await gw.programme.rows(instrumentVersions).where(and(eq(instrumentVersions.instrumentId, instrumentId), eq(instrumentVersions.number, number)));
  if (!row) throw notFound();
  return row;
}

function toVersion(row: VersionRow, lang: Language): InstrumentVersion {
  return {
    id: row.id,
    instrumentId: row.instrumentId,
    number: row.number,
    status: row.status,
    publishedAt: row.publishedAt,
    version: row.version,
    definition: row.definition,
    issues: translatedIssues(row.definition, lang),
  };
}

export async function getVersion(gw: Gateway, instrumentId: string, number: number, lang: Language) {
  return toVersion(await findVersion(gw, instrumentId, number), lang);
}

async function currentDraft(gw: Gateway, instrumentId: string): Promise<VersionRow | undefined> {
  const [row] = await gw.programme.rows(instrumentVersions).where(and(eq(instrumentVersions.instrumentId, instrumentId), eq(instrumentVersions.status, 'draft')));
  return row;
}

export async function latestPublished(gw: Gateway, instrumentId: string): Promise<VersionRow | undefined> {
  const [row] = await gw.programme
    .rows(instrumentVersions)
    .where(and(eq(instrumentVersions.instrumentId, instrumentId), eq(instrumentVersions.status, 'published')))
    .orderBy(desc(instrumentVersions.number))
    .limit(1);
  return row;
}

/** The version a new response answers, with the purpose that says what it is about. */
export async function publishedForFilling(gw: Gateway, instrumentId: string): Promise<{ id: string; purpose: Instrument['purpose'] } | undefined> {
  const [row] = await gw.programme
    .select({ id: instrumentVersions.id, purpose: instruments.purpose })
    .from(instrumentVersions)
    .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
    .where(and(eq(instrumentVersions.instrumentId, instrumentId), eq(instrumentVersions.status, 'published')))
    .orderBy(desc(instrumentVersions.number))
    .limit(1);
  return row;
}

/**
 * A version a device filled in, with whether it is still the one to fill (the latest published):
 * a form filled offline against a version retired meanwhile is a conflict, never silently moved.
 */
export async function versionForFilling(gw: Gateway, versionId: string) {
  const [row] = await gw.programme
    .select({ id: instrumentVersions.id, instrumentId: instrumentVersions.instrumentId, status: instrumentVersions.status, purpose: instruments.purpose })
    .from(instrumentVersions)
    .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
    .where(eq(instrumentVersions.id, versionId))
    .limit(1);
  if (!row || row.status !== 'published') return undefined;
  const current = await publishedForFilling(gw, row.instrumentId);
  return { ...row, current: current?.id === row.id };
}

/** What a device keeps to fill an instrument offline: its titles and the version to fill. */
export async function offlinePack(gw: Gateway, instrumentId: string) {
  const current = await publishedForFilling(gw, instrumentId);
  if (!current) throw notFound();
  const [row] = await gw.programme
    .select({ id: instruments.id, code: instruments.code, purpose: instruments.purpose, titleKa: instruments.titleKa, titleEn: instruments.titleEn, versionId: instrumentVersions.id, number: instrumentVersions.number, definition: instrumentVersions.definition })
    .from(instrumentVersions)
    .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
    .where(eq(instrumentVersions.id, current.id));
  if (!row) throw notFound();
  return row;
}

/** Saves the draft (issues are allowed while designing; they block publishing). */
export async function saveDraft(gw: Gateway, instrumentId: string, input: { definition: Definition; version: number }, lang: Language) {
  await findInstrument(gw, instrumentId);
  const draft = await currentDraft(gw, instrumentId);
  if (!draft) throw new HttpProblem('conflict', [], 'instruments.noDraft');
  const definition = normalizeDefinition(input.definition);
  const saved = await gw.transaction(async (tx) => {
    const updated = await tx.programme
      .update(instrumentVersions)
      .set({ definition, version: sql`${instrumentVersions.version} + 1` })
      .where(and(eq(instrumentVersions.id, draft.id), eq(instrumentVersions.status, 'draft'), eq(instrumentVersions.version, input.version)))
      .returning();
    assertVersionMatched(updated);
    await tx.audit({ action: 'save_draft', entityType: 'instrument', entityId: instrumentId, changes: { draft: { to: draft.number } } });
    return updated[0]!;
  });
  return toVersion(saved, lang);
}

/** Opens a new draft from the latest published version (one draft at a time). */
export async function openDraft(gw: Gateway, instrumentId: string, lang: Language) {
  await findInstrument(gw, instrumentId);
  if (await currentDraft(gw, instrumentId)) throw new HttpProblem('conflict', [], 'instruments.draftExists');
  const base = await latestPublished(gw, instrumentId);
  const [last] = await gw.programme.select({ n: sql<number>`max(${instrumentVersions.number})` }).from(instrumentVersions).where(eq(instrumentVersions.instrumentId, instrumentId));
  const row = await gw.transaction(async (tx) => {
    const [created] = await tx.programme
      .insert(instrumentVersions)
      .values({ instrumentId, number: Number(last?.n ?? 0) + 1, definition: base?.definition ?? EMPTY_DEFINITION })
      .returning();
    await tx.audit({ action: 'open_draft', entityType: 'instrument', entityId: instrumentId, changes: { draft: { to: created!.number } } });
    return created!;
  });
  return toVersion(row, lang);
}

/** Publishing freezes the draft for good; a definition with issues cannot be published. */
export async function publishDraft(gw: Gateway, instrumentId: string, version: number, lang: Language) {
  const draft = await currentDraft(gw, instrumentId);
  if (!draft) throw new HttpProblem('conflict', [], 'instruments.noDraft');
  const issues = validateDefinition(draft.definition);
  // Groups and notes alone ask nothing: an instrument needs at least one question to be filled in.
  if (!flattenQuestions(draft.definition.items).some((e) => e.question.type !== 'note')) throw new HttpProblem('validation', [{ field: 'definition.items', key: 'instruments.issues.empty' }]);
  if (issues.length) {
    throw new HttpProblem('validation', issues.map((i) => ({ field: `${i.item}.${i.field}`, key: i.code, params: { ...i.params, item: i.item } })));
  }
  const row = await gw.transaction(async (tx) => {
    const updated = await tx.programme
      .update(instrumentVersions)
      .set({ status: 'published', publishedAt: sql`now()`, version: sql`${instrumentVersions.version} + 1` })
      .where(and(eq(instrumentVersions.id, draft.id), eq(instrumentVersions.version, version), eq(instrumentVersions.status, 'draft')))
      .returning();
    assertVersionMatched(updated);
    await tx.audit({ action: 'publish', entityType: 'instrument', entityId: instrumentId, changes: { version: { to: draft.number } } });
    return updated[0]!;
  });
  return toVersion(row, lang);
}

/** Replaces the draft's definition (creating a draft when there is none), e.g. from XLSForm. */
export async function replaceDraftDefinition(gw: Gateway, instrumentId: string, definition: Definition, lang: Language) {
  const draft = (await currentDraft(gw, instrumentId)) ?? (await openDraft(gw, instrumentId, lang));
  return saveDraft(gw, instrumentId, { definition, version: draft.version }, lang);
}
