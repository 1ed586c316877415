/**
 * An audit entry's changes as lines a reader understands, in their language: the same text on the
 * audit log page and in its CSV/XLSX export. A list read or an export records the filters it was
 * asked for (`filter`, e.g. {"q":"x","status":"draft"}) and the rows it returned (`rows`): these
 * read "Search: x", "Status: Draft", "Rows: 25"; other changes stay "field: from → to". A filter
 * that holds an id (an organisation, a person) reads as the record's name where the server gave
 * one (only for records the reader may open), otherwise as the id.
 */

/** A catalogue lookup that says when a key is missing (`undefined`), so a raw value can show instead. */
export type Lookup = (key: string) => string | undefined;

/** The name of a record by its id, in the reader's language, where the reader may see it. */
export type Names = (id: string) => string | undefined;

/** Filter fields whose values are record ids the server may name (see server/features/audit/queries.ts). */
export const NAMED_FILTER_FIELDS = ['organisationId', 'partnerId', 'municipalityId', 'regionId', 'roundId', 'instrumentId', 'moduleId', 'actorUserId', 'personId'] as const;
export type NamedFilterField = (typeof NAMED_FILTER_FIELDS)[number];
const NAMED = new Set<string>(NAMED_FILTER_FIELDS);

type Changes = Record<string, { from?: unknown; to?: unknown }>;

/** Paging and order: how a list was read, not what it was narrowed to. */
const NOT_FILTERS = new Set(['page', 'pageSize', 'after', 'sort', 'dir', 'total']);

/** Where a filter's coded value has its words (a catalogue prefix), by field (and, for `status` and `kind`, by record type). */
const STATUS_OF: Record<string, string> = {
  response: 'responses.status.',
  case: 'cases.status.',
  referral: 'cases.referralStatus.',
  capacity_assessment: 'capacity.status.',
  plan_action: 'capacity.planStatus.',
  learning_enrolment: 'learning.status.',
  learning_training: 'learning.trainings.statuses.',
};
const KIND_OF: Record<string, string> = { organisation: 'kinds.', cso_document: 'capacity.documents.kinds.' };
const VALUES_OF: Record<string, string> = {
  role: 'roles.',
  targetGroup: 'cases.targetGroups.',
  subjectType: 'responses.subjectTypes.',
  category: 'capacity.categories.',
  purpose: 'instruments.purposes.',
  action: 'audit.actions.',
  entityType: 'audit.entities.',
  direction: 'audit.filterValues.direction.',
  layout: 'audit.filterValues.layout.',
  labels: 'audit.filterValues.labels.',
};

function valueText(field: string, value: unknown, entityType: string, lookup: Lookup, names: Names): string {
  if (value === true || value === 'true') return lookup('common.yes') ?? 'yes';
  if (value === false || value === 'false') return lookup('common.no') ?? 'no';
  if (Array.isArray(value)) return value.map((v) => valueText(field, v, entityType, lookup, names)).join(', ');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  if (field === 'format') return text.toUpperCase();
  if (NAMED.has(field)) return names(text) ?? text;
  const catalogue = field === 'status' ? STATUS_OF[entityType] : field === 'kind' ? KIND_OF[entityType] : VALUES_OF[field];
  return (catalogue && lookup(`${catalogue}${text}`)) ?? text;
}

const fieldLabel = (field: string, lookup: Lookup) => lookup(`audit.filterFields.${field}`) ?? field;

/** The filters of a list read or an export as "label: value" lines; none given is one line saying so. */
export function filterLines(filter: unknown, entityType: string, lookup: Lookup, names: Names = () => undefined): string[] {
  const given = filter !== null && typeof filter === 'object' && !Array.isArray(filter) ? Object.entries(filter) : [];
  const lines = given
    .filter(([field, value]) => !NOT_FILTERS.has(field) && value !== null && value !== undefined && value !== '')
    .map(([field, value]) => `${fieldLabel(field, lookup)}: ${valueText(field, value, entityType, lookup, names)}`);
  return lines.length ? lines : [lookup('audit.noFilters') ?? 'no filters'];
}

const json = (value: unknown) => JSON.stringify(value ?? null);

/** Every change of an entry as lines: filters and rows read as text, other fields as "field: from → to". */
export function changeLines(changes: Changes | null | undefined, entityType: string, lookup: Lookup, names: Names = () => undefined): string[] {
  if (!changes) return [];
  // What a read asked for before how many rows it gave (the database keeps the keys in its own order).
  const rank = (field: string) => (field === 'filter' ? 0 : field === 'rows' ? 1 : 2);
  return Object.entries(changes).sort(([a], [b]) => rank(a) - rank(b)).flatMap(([field, change]) => {
    if (field === 'filter' && change.from === undefined) return filterLines(change.to, entityType, lookup, names);
    if (field === 'rows' && change.from === undefined && typeof change.to === 'number') return [`${fieldLabel('rows', lookup)}: ${change.to}`];
    return [`${field}: ${json(change.from)} → ${json(change.to)}`];
  });
}
