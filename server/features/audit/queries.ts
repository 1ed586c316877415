import { and, eq, getTableColumns, gte, ilike, inArray, lt, or, type SQL } from 'drizzle-orm';
import { NAMED_FILTER_FIELDS, type NamedFilterField } from '../../../common/audit-changes';
import type { AuditEntry, AuditListQuery } from '../../../common/schemas/audit';
import type { Page } from '../../../common/schemas/list';
import type { Gateway } from '../../access/gateway';
import { OWNED, PROGRAMME } from '../../access/registry';
import type { AuditEntity } from '../../audit/catalogue';
import { mapBatches, type ExportSource } from '../../http/export';
import { likePattern, presentPage } from '../../http/paging';

// Read-only by design: this module has no insert/update/delete; writes go through gw.audit().

const log = OWNED.auditLog.table;
type AuditRow = typeof log.$inferSelect;

/** Record types whose changes carry personal data (answers, file names). */
const PERSONAL_ENTITIES: readonly AuditEntity[] = ['response', 'attachment'];
/** What an entry about them says that is about the access, not the person: always shown. */
const ACCESS_FIELDS = new Set(['reason', 'subject', 'filter', 'rows', 'purpose', 'minutes', 'response', 'grant', 'to']);

function filters(query: Partial<AuditListQuery>): SQL | undefined {
  return and(
    query.action ? eq(log.action, query.action) : undefined,
    query.entityType ? eq(log.entityType, query.entityType) : undefined,
    query.entityId ? eq(log.entityId, query.entityId) : undefined,
    query.actorUserId ? eq(log.actorUserId, query.actorUserId) : undefined,
    query.from ? gte(log.at, query.from) : undefined,
    query.to ? lt(log.at, query.to) : undefined,
    query.q ? or(ilike(log.actorEmail, likePattern(query.q)), ilike(log.entityId, likePattern(query.q))) : undefined,
  );
}

type LocalName = { ka: string; en: string };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids an entry's list-read filter holds, by field (a filter value may be one id or several). */
function filterIds(row: AuditRow): [NamedFilterField, string][] {
  const filter = row.changes?.filter?.to;
  if (!filter || typeof filter !== 'object' || Array.isArray(filter)) return [];
  const given = filter as Record<string, unknown>;
  return NAMED_FILTER_FIELDS.flatMap((field) => {
    const value = given[field];
    const values = Array.isArray(value) ? value : [value];
    return values.filter((v): v is string => typeof v === 'string' && UUID.test(v)).map((id) => [field, id] as [NamedFilterField, string]);
  });
}

/**
 * Names for the ids the filters hold, each read through the gateway with the reader's scope: an
 * organisation, user or person they may not open comes back as no row, and its id stays. Names of
 * people and users read here are recorded as reads, like any list of them.
 */
async function filterNames(gw: Gateway, rows: AuditRow[]): Promise<Map<string, LocalName>> {
  const wanted = new Map<NamedFilterField, Set<string>>();
  for (const [field, id] of rows.flatMap(filterIds)) wanted.set(field, (wanted.get(field) ?? new Set()).add(id));
  const of = (...fields: NamedFilterField[]) => [...new Set(fields.flatMap((f) => [...(wanted.get(f) ?? [])]))];
  const names = new Map<string, LocalName>();
  const keep = (found: { id: string; ka: string; en: string }[]) => found.forEach((r) => names.set(r.id, { ka: r.ka, en: r.en || r.ka }));
  const { organisations: orgs, users, people } = OWNED;
  const { municipalities, regions, assessmentRounds: rounds, instruments, learningModules: modules } = PROGRAMME;
  // One query per kind of record, and only for the kinds this page's filters name.
  const organisationIds = of('organisationId', 'partnerId');
  if (organisationIds.length) keep(await gw.select(orgs, { id: orgs.table.id, ka: orgs.table.nameKa, en: orgs.table.nameEn }, { where: inArray(orgs.table.id, organisationIds) }));
  const userIds = of('actorUserId');
  if (userIds.length) keep(await gw.select(users, { id: users.table.id, ka: users.table.displayName, en: users.table.displayName }, { where: inArray(users.table.id, userIds), filter: { id: userIds } }));
  const personIds = of('personId');
  if (personIds.length) {
    const found = await gw.select(people, { id: people.table.id, givenName: people.table.givenName, surname: people.table.surname }, { where: inArray(people.table.id, personIds), filter: { id: personIds } });
    keep(found.map((p) => ({ id: p.id, ka: `${p.givenName} ${p.surname}`, en: `${p.givenName} ${p.surname}` })));
  }
  const programme = [
    [of('municipalityId'), municipalities, municipalities.id, municipalities.nameKa, municipalities.nameEn],
    [of('regionId'), regions, regions.id, regions.nameKa, regions.nameEn],
    [of('roundId'), rounds, rounds.id, rounds.nameKa, rounds.nameEn],
    [of('instrumentId'), instruments, instruments.id, instruments.titleKa, instruments.titleEn],
    [of('moduleId'), modules, modules.id, modules.titleKa, modules.titleEn],
  ] as const;
  for (const [ids, table, id, ka, en] of programme) {
    if (ids.length) keep(await gw.programme.select({ id, ka, en }).from(table).where(inArray(id, ids)));
  }
  return names;
}

/**
 * The presenter: an auditor sees that a form's answers changed, and which ones, but sees the
 * values only where they may see the organisation's personal data.
 */
async function present(gw: Gateway, rows: AuditRow[]): Promise<AuditEntry[]> {
  const reach = await gw.reach();
  const names = await filterNames(gw, rows);
  return rows.map((row): AuditEntry => {
    const named = Object.fromEntries(filterIds(row).flatMap(([, id]) => (names.has(id) ? [[id, names.get(id)!]] : [])));
    const entry = Object.keys(named).length ? { ...row, names: named } : row;
    const personal = PERSONAL_ENTITIES.includes(row.entityType as AuditEntity) && row.changes;
    if (!personal || (row.organisationId && (reach.personal.all || reach.personal.ids.includes(row.organisationId)))) return entry;
    return { ...entry, changes: Object.fromEntries(Object.entries(row.changes!).map(([field, change]) => [field, ACCESS_FIELDS.has(field) ? change : {}])) };
  });
}

export async function listAudit(gw: Gateway, query: AuditListQuery): Promise<Page<AuditEntry>> {
  const where = filters(query);
  const page = await gw.page(OWNED.auditLog, getTableColumns(log), { where, order: { key: [log.at, log.id], dir: query.dir }, request: query, filter: query });
  return presentPage(page, (rows) => present(gw, rows));
}

export function exportAudit(gw: Gateway, query: Partial<AuditListQuery>): ExportSource<AuditEntry> {
  const source = gw.exportSource(OWNED.auditLog, getTableColumns(log), { where: filters(query), key: [log.at, log.id], dir: query.dir ?? 'desc', filter: query });
  return { count: source.count, batches: () => mapBatches(source.batches(), (rows) => present(gw, rows)) };
}
