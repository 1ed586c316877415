import { and, asc, count, eq, getTableColumns, getTableName, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable, SelectedFields } from 'drizzle-orm/pg-core';
import type { SelectResultFields } from 'drizzle-orm/query-builders/select.types';
import type { GrantPurpose } from '../../common/schemas/access';
import type { Page } from '../../common/schemas/list';
import type { AuditAction, AuditEntity } from '../audit/catalogue';
import { writeAudit, writeAuditEntries, type AuditChanges, type AuditEntry, type AuditOrigin } from '../audit/log';
import { queryRows, type Db } from '../db/client';
import { grants, organisations } from '../db/schema';
import { canCopy, copyCsv, inlineParams } from '../db/copy';
import { afterKey, keysetBatches, keysetKey, type ExportSource } from '../http/export';
import { orderBy, pageOfRows, pageWindow, TOTAL_CAP, type KeysetOrder, type PageRequest } from '../http/paging';
import { conflict, forbidden, notFound } from '../http/problem';
import { withdrawAnswers } from '../http/idempotency';
import type { Actor } from './actor';
import { hasPermission, type Permission } from './policy';
import { accessDigest, inSet, resolveGrants, resolveReach, setHas, type GrantedIds, type Reach, type ScopedOrganisations } from './reach';
import { OWNED, type AccessMode, type OwnedTable, type ProgrammeTable, type ScopeContext } from './registry';
import { byName } from '../db/name-order';

export type { AuditEntry } from '../audit/log';

/** An inner join added to a scoped read (programme-wide tables such as instrument versions). */
export interface Join {
  table: PgTable;
  on: SQL;
}

/** How a list read is recorded when its table's reads are audited. */
export type ReadPurpose = 'list' | 'export' | 'check';

export interface ReadOptions {
  where?: SQL | undefined;
  orderBy?: (SQL | AnyPgColumn)[];
  groupBy?: (SQL | AnyPgColumn)[];
  limit?: number;
  offset?: number;
  joins?: Join[];
  /**
   * For tables whose reads are audited: `list` and `export` write one entry per request with the
   * filter and the row count; `check` is for reads whose rows never leave the server.
   */
  purpose?: ReadPurpose;
  /** What the caller filtered by, for the audit entry. */
  filter?: Record<string, unknown>;
  /** Lock the rows (SELECT … FOR UPDATE) until the transaction ends. */
  lock?: boolean;
}

export interface WriteAudit {
  action?: AuditAction;
  changes?: AuditChanges | null;
}

type Row<T extends PgTable> = T['$inferSelect'];

/** State shared by a request's gateway and the gateways of its transactions. */
interface RequestState {
  ip: string | null;
  reach?: Promise<Reach>;
  /** The CSOs a mentor or municipal role reaches, as the session's statement read them (else read with the reach). */
  scoped?: ScopedOrganisations;
  /**
   * Records shared with the actor by a live grant, per registered entity (`response`, `person`,
   * ...), resolved once per request so that scopes compare ids with a list the planner can use
   * beside the organisation index, instead of a subquery on `grants`. Forgotten whenever this
   * request changes a grant.
   */
  granted?: Promise<GrantedIds>;
  /** Reads already recorded in this request (`action:entity:id`), so each is audited once. */
  audited: Set<string>;
  /** Records this request wrote: reading them back is part of the write, not a second read. */
  written: Set<string>;
  /**
   * Read entries held until the response goes out (`deferReadAudit`), then written in one
   * statement: a case file reads six audited tables, and six inserts cost more than its reads.
   */
  deferredReads?: {
    to: Db;
    entries: (AuditEntry & AuditOrigin)[];
    /** The insert started early (`startReadAuditFlush`), awaited by every later flush. */
    writing?: Promise<void>;
  };
  /** What the request's first write takes in its own transaction (`claimBeforeWrite`). */
  claim?: WriteClaim;
}

interface WriteClaim {
  take: (tx: Db) => Promise<void>;
  /** Taken in a transaction that committed: later transactions of the request need not take it. */
  held: boolean;
}

/**
 * The one door to organisation-owned data, built per request from the session. Its executor is
 * private: feature code reads and writes owned tables only through these methods, and every one
 * adds the actor's scope (organisations reached, row rules, grants) to the SQL itself, so a
 * record out of scope never leaves the database and answers exactly like one that does not
 * exist (404). Programme-wide tables go through `programme`, a separate and explicit path.
 */
const executors = new WeakMap<Gateway, Db>();

/**
 * The executor behind a gateway (the open transaction inside `transaction`), for the modules
 * that work below the access model: sessions and credentials in `server/auth`. Lint keeps
 * feature code from importing this.
 */
export function rawExecutor(gw: Gateway): Db {
  const db = executors.get(gw);
  if (!db) throw new Error('not a gateway');
  return db;
}

export class Gateway {
  readonly #db: Db;
  readonly #state: RequestState;
  /** The read replica's executor (DATABASE_READ_URL), for `onReplica`; undefined without one. */
  readonly #replica: Db | undefined;
  /** On a replica gateway: the primary, where its audit entries go (it writes nothing else). */
  readonly #primary: Db | undefined;
  readonly actor: Actor;
  readonly programme: ProgrammeData;

  constructor(db: Db, actor: Actor, ip: string | null, within?: { state: RequestState }, replica?: { db: Db } | { primary: Db }) {
    this.#db = db;
    this.actor = actor;
    this.#state = within?.state ?? { ip, audited: new Set(), written: new Set() };
    this.#replica = replica && 'db' in replica ? replica.db : undefined;
    this.#primary = replica && 'primary' in replica ? replica.primary : undefined;
    // A gateway on the replica shares its request's state, but is never inside a transaction.
    this.#inTransaction = !!within && !this.#primary;
    this.programme = new ProgrammeData(db, { readOnly: !!this.#primary });
    executors.set(this, db);
  }

  /**
   * The same gateway reading from the read replica (DATABASE_READ_URL), for read-heavy reports
   * that may lag the primary by a moment: the same actor, scope SQL and audit of reads (entries
   * written to the primary). It refuses writes. Without a replica, or inside a transaction
   * (whose reads must see its own writes), it is this gateway.
   */
  onReplica(): Gateway {
    if (!this.#replica || this.#inTransaction) return this;
    return new Gateway(this.#replica, this.actor, this.#state.ip, { state: this.#state }, { primary: this.#db });
  }

  #writable(): void {
    if (this.#primary) throw replicaWrite();
  }

  /** Where audit entries go: the primary, also from a gateway on the replica. */
  get #auditDb(): Db {
    return this.#primary ?? this.#db;
  }

  can(permission: Permission): boolean {
    return hasPermission(this.actor.roles, permission);
  }

  /** Role-level check (403): the action is not one this role has at all. */
  require(permission: Permission): void {
    if (!this.can(permission)) throw forbidden();
  }

  /** The organisations this request reaches, per kind of access (resolved once per request). */
  reach(): Promise<Reach> {
    this.#state.reach ??= resolveReach(this.#db, this.actor, this.#state.scoped);
    return this.#state.reach;
  }

  /**
   * A digest of which records of `owned` this actor reads (see `accessDigest`), from the reach and
   * grants its scopes use (read once per gateway) and what the table's row rule reads besides (one
   * statement, where it reads anything): a file written with it is the actor's only while their
   * access digests the same.
   */
  async accessDigest(owned: OwnedTable): Promise<string> {
    const [reach, granted] = await Promise.all([this.reach(), this.#granted()]);
    const inputs = owned.ruleInputs?.({ reach, actor: this.actor });
    const read = inputs ? await queryRows<{ input: string }>(this.#db, sql`select input from (${inputs}) inputs`) : [];
    return accessDigest(this.actor, reach, granted.get(owned.entity) ?? [], read.map((row) => row.input));
  }

  /**
   * A digest of everything that decides what this actor reaches, across every table: organisation,
   * roles, the organisations reached per kind of access, and the records granted to them (the row
   * rules' own inputs aside). An answer kept for a repeated POST is sent again only while it is the
   * same (server/http/idempotency.ts): a revoked grant or a lost assignment ends the replay.
   */
  async reachDigest(): Promise<string> {
    const [reach, granted] = await Promise.all([this.reach(), this.#granted()]);
    return accessDigest(this.actor, reach, [...granted].flatMap(([entity, ids]) => ids.map((id) => `${entity}:${id}`)), []);
  }

  /** Whether the actor sees personal (or participant) data of `organisationId`'s people. */
  async sees(kind: 'personal' | 'participant', organisationId: string): Promise<boolean> {
    return setHas((await this.reach())[kind], organisationId);
  }

  /** Whether `organisationId` is one the actor may read (or change) records of. */
  async reaches(organisationId: string, mode: AccessMode = 'read'): Promise<boolean> {
    return setHas((await this.reach())[mode], organisationId);
  }

  /** The full scope condition of an owned table: owner in reach, its row rule, or a live grant. */
  async scope(owned: OwnedTable, mode: AccessMode): Promise<SQL> {
    const [reach, granted] = await Promise.all([this.reach(), this.#granted()]);
    return this.#scopeSql(owned, mode, reach, granted);
  }

  #scopeSql(owned: OwnedTable, mode: AccessMode, reach: Reach, granted: GrantedIds): SQL {
    if (owned.byUser) return eq(owned.byUser, this.actor.userId);
    const context: ScopeContext = { reach, mode, actor: this.actor, scopeOf: (other, otherMode) => this.#scopeSql(other, otherMode, reach, granted) };
    const byOwner = and(inSet(owned.owner, reach[mode]), owned.rowRule?.(context)) ?? sql`true`;
    if (mode === 'write' || !owned.grantable || !owned.id) return byOwner;
    // Most actors hold no grant on most tables: then the scope is the owner condition alone, which
    // an index led by the organisation answers directly.
    const shared = granted.get(owned.entity) ?? [];
    return shared.length ? or(byOwner, inArray(owned.id, [...shared]))! : byOwner;
  }

  /** The live grants to the actor (or, for the roles that answer referrals, to its organisation), once per request. */
  #granted(): Promise<GrantedIds> {
    this.#state.granted ??= resolveGrants(this.#db, this.actor, this.reach());
    return this.#state.granted;
  }

  /**
   * The grants and scoped organisations as read with the session (in its statement): the scopes
   * use them instead of reading them again.
   */
  useSessionReads(session: { granted: GrantedIds; scoped: ScopedOrganisations }): void {
    this.#state.granted = Promise.resolve(session.granted);
    this.#state.scoped = session.scoped;
  }

  /** After a grant changed: the next scope reads the grants again. */
  #forgetGrants(): void {
    this.#state.granted = undefined;
  }

  // ---- reads -------------------------------------------------------------------------------

  /** Scoped rows of an owned table with the chosen fields (inner joins allowed). */
  async select<S extends SelectedFields>(owned: OwnedTable, fields: S, opts: ReadOptions = {}): Promise<SelectResultFields<S>[]> {
    const rows = await this.#query(owned, fields, 'read', opts);
    await this.#auditList(owned, opts, rows.length);
    return rows as SelectResultFields<S>[];
  }

  /**
   * Every scoped row an export may hold, read in keyset batches along `key` (an index order, never
   * OFFSET), so a million rows stream in constant memory. Recorded once as an export, with the
   * filter and the number of rows.
   */
  exportSource<S extends SelectedFields>(
    owned: OwnedTable,
    fields: S,
    opts: {
      where?: SQL | undefined;
      joins?: Join[];
      key: (AnyPgColumn | SQL)[];
      dir: 'asc' | 'desc';
      filter?: Record<string, unknown>;
      /** For an order whose columns run in different directions: the rows after a key, and the order. */
      mixed?: { after: (key: string) => SQL; orderBy: SQL[] };
      /**
       * Each CSV column as the text the file holds, in SQL: then, where the database allows
       * (`canCopy`), PostgreSQL writes the CSV itself (`copyCsv` of the source).
       */
      copy?: SQL[];
    },
  ): ExportSource<SelectResultFields<S> & { exportKey: string }> {
    // Counted once: the download's `x-total-count` (progress "x of N") and its audit entry share it.
    let counted: Promise<number> | undefined;
    const count = () => (counted ??= this.count(owned, { where: opts.where, joins: opts.joins ?? [] }));
    const page = (after: string | undefined, limit: number) =>
      this.select(owned, { ...fields, exportKey: keysetKey(opts.key) }, {
        where: and(opts.where, after === undefined ? undefined : (opts.mixed?.after ?? ((key: string) => afterKey(opts.key, opts.dir, key)))(after)),
        joins: opts.joins ?? [],
        orderBy: opts.mixed?.orderBy ?? opts.key.map((column) => orderBy(column, opts.dir)),
        limit,
        purpose: 'check',
      });
    const record = (rows: number) => this.#auditList(owned, { purpose: 'export', filter: opts.filter ?? {} }, rows);
    const client = (this.#db as unknown as { $client: unknown }).$client;
    const copy = opts.copy;
    const copyRows =
      copy && canCopy(client)
        ? async () => {
            const columns = Object.fromEntries(copy.map((column, i) => [`c${i}`, column]));
            const query = this.#build(owned, columns, await this.scope(owned, 'read'), {
              where: opts.where,
              joins: opts.joins ?? [],
              orderBy: opts.mixed?.orderBy ?? opts.key.map((column) => orderBy(column, opts.dir)),
            });
            const statement = query.toSQL();
            const select = inlineParams(statement.sql, statement.params);
            if (select === undefined) return undefined;
            // Recorded before a connection is taken for the file (without the record, no file);
            // if every COPY slot is taken, the batches below find it recorded already.
            await record(await count());
            return copyCsv(client, select);
          }
        : undefined;
    return {
      count,
      ...(copyRows ? { copyCsv: copyRows } : {}),
      async *batches() {
        let recorded = false;
        for await (const batch of keysetBatches(page)) {
          if (!recorded) {
            recorded = true;
            await record(await count());
          }
          yield batch as (SelectResultFields<S> & { exportKey: string })[];
        }
        if (!recorded) await record(0);
      },
    };
  }

  /** Whole scoped rows of an owned table. */
  async rows<T extends PgTable>(owned: OwnedTable<T>, opts: Omit<ReadOptions, 'joins'> = {}): Promise<Row<T>[]> {
    const rows = await this.#query(owned, undefined, 'read', opts);
    await this.#auditList(owned, opts, rows.length);
    return rows as Row<T>[];
  }

  /**
   * One page of a scoped list in keyset order (see `pageWindow`): the rows with the chosen
   * fields, the cursor of the next page, and a total counted only up to `TOTAL_CAP`, once per
   * list: pages reached by a cursor show the total it carries from the first.
   * `countJoins` are the joins the filter needs (the count leaves out joins only the fields need).
   */
  async page<S extends SelectedFields>(
    owned: OwnedTable,
    fields: S,
    opts: { where?: SQL | undefined; joins?: Join[]; countJoins?: Join[]; order: KeysetOrder; request: PageRequest; filter?: Record<string, unknown> },
  ): Promise<Page<SelectResultFields<S>>> {
    const window = pageWindow(opts.request, opts.order);
    const [rows, total] = await Promise.all([
      this.select(owned, { ...fields, pageKey: window.pageKey }, {
        where: and(opts.where, window.after),
        joins: opts.joins ?? [],
        orderBy: window.orderBy,
        limit: window.limit,
        offset: window.offset,
        purpose: 'list',
        filter: opts.filter ?? {},
      }).then((page) => {
        // The page's list entry goes in while the count (the longer of the two) still runs; but
        // not beside a count of the audit log itself, which could then count this request's own
        // entries (a person's history would total one more than it lists).
        if (owned !== OWNED.auditLog) this.startReadAuditFlush();
        return page;
      }),
      window.counted ?? this.countUpTo(owned, TOTAL_CAP + 1, { where: opts.where, joins: opts.countJoins ?? opts.joins ?? [] }),
    ]);
    return pageOfRows(opts.request, rows as (SelectResultFields<S> & { pageKey: string })[], total);
  }

  /** Scoped rows counted up to `cap`: the cost stays bounded however many rows match. */
  async countUpTo(owned: OwnedTable, cap: number, opts: Pick<ReadOptions, 'where' | 'joins'> = {}): Promise<number> {
    const matching = this.#build(owned, { one: sql`1` }, await this.scope(owned, 'read'), { ...opts, limit: cap }).as('matching');
    const [row] = await this.#db.select({ n: count() }).from(matching);
    return Number(row?.n ?? 0);
  }

  async count(owned: OwnedTable, opts: Pick<ReadOptions, 'where' | 'joins'> = {}): Promise<number> {
    const [row] = await this.#query(owned, { n: count() }, 'read', opts);
    return Number((row as { n: number } | undefined)?.n ?? 0);
  }

  /**
   * Counts per organisation and group over the organisations the actor reads, WITHOUT the row
   * rule: aggregates of personal data (people served by sex, age band, ...) for programme staff,
   * monitors and the donor. Only numbers leave; callers suppress small cells where the actor
   * does not see the personal data.
   */
  async tally(owned: OwnedTable, group: SQL, opts: Pick<ReadOptions, 'where' | 'joins'> & { distinct?: AnyPgColumn } = {}): Promise<{ organisationId: string; group: string | null; n: number }[]> {
    const reach = await this.reach();
    const n = opts.distinct ? sql<number>`count(distinct ${opts.distinct})` : sql<number>`count(*)`;
    let query = this.#db.select({ organisationId: sql<string>`${owned.owner}`, group: sql<string | null>`${group}`, n }).from(owned.table as PgTable).$dynamic();
    for (const join of opts.joins ?? []) query = query.leftJoin(join.table, join.on);
    const rows = await query.where(and(inSet(owned.owner, reach.read), opts.where)).groupBy(owned.owner, group);
    return rows.map((r) => ({ organisationId: String(r.organisationId), group: r.group === null ? null : String(r.group), n: Number(r.n) }));
  }

  /**
   * Rows for statistics, beyond the read scope: personal and other organisations' data may be
   * counted "as aggregates" (see policy). Each row says whether it is `detailed`, i.e. inside the
   * actor's write scope (with row rules): the caller must return only counts, and hide small
   * counts made of rows that are not detailed. Never return these rows themselves.
   */
  async aggregateRows<S extends SelectedFields>(owned: OwnedTable, fields: S, opts: Omit<ReadOptions, 'purpose'> = {}): Promise<(SelectResultFields<S> & { detailed: boolean })[]> {
    const detailed = sql<boolean>`(${await this.scope(owned, 'write')})`.as('detailed');
    let query = this.#db.select({ ...fields, detailed }).from(owned.table as PgTable).$dynamic() as unknown as ReturnType<typeof this.fieldsQuery>;
    for (const join of opts.joins ?? []) query = query.innerJoin(join.table, join.on);
    if (opts.where) query = query.where(opts.where);
    if (opts.orderBy?.length) query = query.orderBy(...opts.orderBy);
    if (opts.limit !== undefined) query = query.limit(opts.limit);
    return (await query) as unknown as (SelectResultFields<S> & { detailed: boolean })[];
  }

  /** One record by id, or 404; an audited read for tables whose reads are audited. */
  async find<T extends PgTable>(owned: OwnedTable<T>, id: string): Promise<Row<T>> {
    const [row] = await this.#query(owned, undefined, 'read', { where: eq(idOf(owned), id) });
    if (!row) throw notFound();
    await this.#auditRead(owned, id, row as Row<T>);
    return row as Row<T>;
  }

  /** One record by id with chosen fields and joins, or 404; audited like `find`. */
  async findFields<S extends SelectedFields>(owned: OwnedTable, id: string, fields: S, joins: Join[] = []): Promise<SelectResultFields<S>> {
    const [row] = await this.#query(owned, fields, 'read', { where: eq(idOf(owned), id), joins });
    if (!row) throw notFound();
    await this.#auditRead(owned, id, undefined);
    return row as SelectResultFields<S>;
  }

  /**
   * One record the actor may change, or 404. Part of a write: not recorded as a read. Inside a
   * transaction the row is locked until it ends, so checks made on it cannot be raced past.
   */
  async findForUpdate<T extends PgTable>(owned: OwnedTable<T>, id: string): Promise<Row<T>> {
    const [row] = await this.#query(owned, undefined, 'write', { where: eq(idOf(owned), id), lock: this.#inTransaction });
    if (!row) throw notFound();
    return row as Row<T>;
  }

  /** Like `findForUpdate` with chosen fields and joins. */
  async findFieldsForUpdate<S extends SelectedFields>(owned: OwnedTable, id: string, fields: S, joins: Join[] = []): Promise<SelectResultFields<S>> {
    const [row] = await this.#query(owned, fields, 'write', { where: eq(idOf(owned), id), joins });
    if (!row) throw notFound();
    return row as SelectResultFields<S>;
  }

  /** Rows the actor may change, with chosen fields (a batch of `findFieldsForUpdate`). Part of a write or a decision: not recorded as a read. */
  async selectForUpdate<S extends SelectedFields>(owned: OwnedTable, fields: S, opts: Pick<ReadOptions, 'where' | 'joins' | 'orderBy'> = {}): Promise<SelectResultFields<S>[]> {
    return (await this.#query(owned, fields, 'write', opts)) as SelectResultFields<S>[];
  }

  private fieldsQuery() {
    return this.#db.select({ n: count() }).from(grants).$dynamic();
  }

  async #query(owned: OwnedTable, fields: SelectedFields | undefined, mode: AccessMode, opts: ReadOptions): Promise<unknown[]> {
    return this.#build(owned, fields, await this.scope(owned, mode), opts);
  }

  /** The scoped statement, not yet run (a subquery, or awaited by `#query`). */
  #build(owned: OwnedTable, fields: SelectedFields | undefined, scope: SQL, opts: ReadOptions) {
    // One builder for both shapes (chosen fields or whole rows); the public methods type the rows.
    let query = (fields ? this.#db.select(fields) : this.#db.select()).from(owned.table as PgTable).$dynamic() as unknown as ReturnType<typeof this.fieldsQuery>;
    for (const join of opts.joins ?? []) query = query.innerJoin(join.table, join.on);
    query = query.where(and(scope, opts.where));
    if (opts.groupBy?.length) query = query.groupBy(...opts.groupBy);
    if (opts.orderBy?.length) query = query.orderBy(...opts.orderBy);
    if (opts.limit !== undefined) query = query.limit(opts.limit);
    if (opts.offset) query = query.offset(opts.offset);
    if (opts.lock) query = query.for('update', { of: owned.table as PgTable });
    return query;
  }

  // ---- writes ------------------------------------------------------------------------------

  /**
   * Inserts one record into an owned table, then reads it back through the write scope inside
   * the same transaction: a record the actor could not change (another organisation, a row rule)
   * is rolled back as 404. Audited as `create` (or `audit.action`).
   */
  async insert<T extends PgTable>(owned: OwnedTable<T>, values: T['$inferInsert'], audit: WriteAudit = {}): Promise<Row<T>> {
    return this.transaction(async (tx) => {
      const [row] = (await tx.#db.insert(owned.table as PgTable).values(values as never).returning()) as Row<T>[];
      if (!row) throw new Error('insert returned no row');
      const scope = await tx.scope(owned, 'write');
      const id = owned.id ? String((row as Record<string, unknown>)[keyOf(owned, owned.id)]) : null;
      const [inScope] = await tx.#db
        .select({ n: count() })
        .from(owned.table as PgTable)
        .where(and(scope, owned.id && id ? eq(owned.id, id) : ownerEquals(owned, row)));
      if (!inScope?.n) throw notFound();
      await tx.audit({ action: audit.action ?? 'create', entityType: owned.entity, entityId: id, organisationId: ownerOf(owned, row), changes: audit.changes ?? null });
      return row;
    });
  }

  /**
   * Which of these rows, none of them written, `insert` would keep: the same write scope it checks
   * an inserted row against (owner in the write reach and the table's row rule), evaluated on the
   * values themselves standing in for the table. What a user is offered (say, the organisations a
   * form may be filled in for) is read from here, so the offer cannot drift from what saving
   * accepts. Returns the positions of the accepted rows. Writes nothing, so it runs on a replica too.
   */
  async acceptedInserts<T extends PgTable>(owned: OwnedTable<T>, candidates: T['$inferInsert'][]): Promise<Set<number>> {
    if (candidates.length === 0) return new Set();
    const columns = getTableColumns(owned.table) as Record<string, AnyPgColumn>;
    // Each row as its table's record (columns left out are null, as no rule reads a default):
    // jsonb_populate_record gives every value the column's type, as the insert would.
    const records = candidates.map((values) =>
      Object.fromEntries(
        Object.entries(values as Record<string, unknown>)
          .filter(([, value]) => value !== undefined)
          .map(([key, value]) => {
            const column = columns[key];
            if (!column) throw new Error(`${key} is not a column of ${owned.entity}`);
            return [column.name, value instanceof Date ? value.toISOString() : value];
          }),
      ),
    );
    const scope = await this.scope(owned, 'write');
    const table = sql.identifier(getTableName(owned.table));
    const position = sql.identifier('__candidate_position');
    const accepted = await queryRows<{ position: number }>(
      this.#db,
      sql`select ${table}.${position} as position
          from (select candidate.n::int - 1 as ${position}, (jsonb_populate_record(null::${table}, candidate.record)).*
                from jsonb_array_elements(${JSON.stringify(records)}::jsonb) with ordinality as candidate(record, n)) as ${table}
          where ${scope}`,
    );
    return new Set(accepted.map((row) => Number(row.position)));
  }

  /** Link rows (no id of their own): each must be in the write scope. Not audited separately. */
  async insertLinks<T extends PgTable>(owned: OwnedTable<T>, values: T['$inferInsert'][]): Promise<void> {
    this.#writable();
    if (values.length === 0) return;
    const reach = await this.reach();
    const ownerKey = keyOf(owned, owned.owner);
    for (const value of values) if (!setHas(reach.write, String((value as Record<string, unknown>)[ownerKey]))) throw notFound();
    await this.#db.insert(owned.table as PgTable).values(values as never);
  }

  /**
   * A versioned, scoped update: 404 when the record is not one the actor may change, 409 when it
   * changed since `version` was read. Bumps the version and `updated_at`; audited as `update`.
   */
  async update<T extends PgTable>(
    owned: OwnedTable<T>,
    id: string,
    change: { version?: number; set: Partial<T['$inferInsert']> },
    audit: WriteAudit & { organisationId?: string | null } = {},
  ): Promise<Row<T>> {
    return this.transaction(async (tx) => {
      const scope = await tx.scope(owned, 'write');
      const bump = {
        ...(owned.version ? { [keyOf(owned, owned.version)]: sql`${owned.version} + 1` } : {}),
        ...(owned.updatedAt ? { [keyOf(owned, owned.updatedAt)]: sql`now()` } : {}),
      };
      const versionMatches = change.version !== undefined && owned.version ? eq(owned.version, change.version) : undefined;
      const [row] = (await tx.#db
        .update(owned.table)
        .set({ ...change.set, ...bump } as never)
        .where(and(eq(idOf(owned), id), versionMatches, scope))
        .returning()) as Row<T>[];
      if (!row) {
        await tx.findForUpdate(owned, id);
        throw conflict();
      }
      await tx.audit({ action: audit.action ?? 'update', entityType: owned.entity, entityId: id, organisationId: audit.organisationId ?? ownerOf(owned, row), changes: audit.changes ?? null });
      return row;
    });
  }

  /** Deletes scoped rows matching `where` (link tables, drafts); returns how many went. */
  async delete(owned: OwnedTable, where: SQL): Promise<number> {
    this.#writable();
    const scope = await this.scope(owned, 'write');
    const gone = await this.#db.delete(owned.table).where(and(scope, where)).returning();
    return gone.length;
  }

  // ---- grants ------------------------------------------------------------------------------

  /**
   * Shares one record the actor may change with an organisation or a user, for a purpose and
   * until a time. The grant is data, read into the scope (once per request), audited and revocable.
   */
  async grant(
    owned: OwnedTable,
    id: string,
    to: { organisationId?: string; userId?: string },
    grant: { purpose: GrantPurpose; reason: string; expiresAt?: Date | null; offer?: boolean },
  ): Promise<string> {
    if (!owned.grantable) throw new Error(`${owned.entity} records cannot be shared`);
    if (!to.organisationId === !to.userId) throw new Error('a grant names exactly one organisation or one user');
    return this.transaction(async (tx) => {
      const record = await tx.findForUpdate(owned, id);
      const [row] = await tx.#db
        .insert(grants)
        .values({
          entityType: owned.entity,
          entityId: id,
          organisationId: ownerOf(owned, record)!,
          granteeOrganisationId: to.organisationId ?? null,
          granteeUserId: to.userId ?? null,
          purpose: grant.purpose,
          reason: grant.reason,
          expiresAt: grant.expiresAt ?? null,
          grantedBy: tx.actor.userId,
          // An offer (a referral not yet accepted) widens nothing until the grantee accepts it.
          acceptedAt: grant.offer ? null : new Date(),
        })
        .returning({ id: grants.id });
      // Recorded on the shared record, so its history shows who it was shared with and why.
      await tx.audit({
        action: 'grant',
        entityType: owned.entity,
        entityId: id,
        organisationId: ownerOf(owned, record),
        changes: { grant: { to: row!.id }, purpose: { to: grant.purpose }, reason: { to: grant.reason }, to: { to: to.organisationId ?? to.userId } },
      });
      tx.#forgetGrants();
      return row!.id;
    });
  }

  /** Break-glass: the actor opens one record outside their scope, with a reason, for a while. */
  async breakGlass(owned: OwnedTable, id: string, reason: string, minutes: number): Promise<string> {
    return this.transaction(async (tx) => {
      const [record] = await tx.#db.select().from(owned.table as PgTable).where(and(eq(idOf(owned), id), inSet(owned.owner, { all: false, ids: [tx.actor.organisationId] })));
      if (!record) throw notFound();
      const row = await tx.#db
        .insert(grants)
        .values({ entityType: owned.entity, entityId: id, organisationId: ownerOf(owned, record)!, granteeUserId: tx.actor.userId, purpose: 'break_glass', reason, expiresAt: new Date(Date.now() + minutes * 60_000), grantedBy: tx.actor.userId })
        .returning({ id: grants.id });
      await tx.audit({ action: 'grant', entityType: owned.entity, entityId: id, organisationId: ownerOf(owned, record), changes: { purpose: { to: 'break_glass' }, reason: { to: reason }, minutes: { to: minutes } } });
      tx.#forgetGrants();
      return row[0]!.id;
    });
  }

  /** Ends a grant now; only the record's owner may. */
  async revokeGrant(grantId: string): Promise<void> {
    await this.update(OWNED.grants, grantId, { set: { revokedAt: new Date() } }, { action: 'revoke_grant' });
    this.#forgetGrants();
  }

  /**
   * Erasure's part in the idempotency store: drops the stored answers (replays of POSTs) that could
   * hold personal data of a person of `organisationId` (see `withdrawAnswers` for the rule). Call it
   * inside the erasing transaction, after checking the actor may erase: it commits with the erasure.
   */
  async withdrawStoredAnswers(organisationId: string): Promise<void> {
    this.#writable();
    if (!this.#inTransaction) throw new Error('withdrawStoredAnswers belongs inside the erasing transaction');
    await withdrawAnswers(this.#db, organisationId);
  }

  /**
   * The grantee's side of an offered grant: accept it (it becomes live) or give it up (a
   * declined or completed referral). Only the organisation or user it names may; 404 otherwise.
   */
  async answerGrant(grantId: string, answer: 'accept' | 'release'): Promise<void> {
    const mine = or(eq(grants.granteeOrganisationId, this.actor.organisationId), eq(grants.granteeUserId, this.actor.userId));
    const set = answer === 'accept' ? { acceptedAt: new Date() } : { revokedAt: new Date() };
    const pending = answer === 'accept' ? isNull(grants.acceptedAt) : sql`true`;
    await this.transaction(async (tx) => {
      const [row] = await tx.#db.update(grants).set(set).where(and(eq(grants.id, grantId), mine, isNull(grants.revokedAt), pending)).returning();
      if (!row) throw notFound();
      tx.#forgetGrants();
      await tx.audit({ action: answer === 'accept' ? 'accept_grant' : 'revoke_grant', entityType: row.entityType as AuditEntity, entityId: row.entityId, organisationId: row.organisationId, changes: { grant: { to: grantId } } });
    });
  }

  /**
   * The programme's directory of active organisations of some kinds, names only (a referral's
   * receiver is chosen among CSOs and city halls the sender does not otherwise reach); `id` asks
   * whether one organisation is in it. Not paged and not cut: it is bounded by the organisations of
   * the country (about 1,100 at national scale) and carries names only.
   */
  directory(kinds: ('cso' | 'municipality')[], id?: string): Promise<{ id: string; kind: string; nameKa: string; nameEn: string }[]> {
    const o = organisations;
    return this.#db
      .select({ id: o.id, kind: o.kind, nameKa: o.nameKa, nameEn: o.nameEn })
      .from(o)
      .where(and(inArray(o.kind, kinds), eq(o.active, true), ne(o.id, this.actor.organisationId), id === undefined ? undefined : eq(o.id, id)))
      .orderBy(asc(o.kind), ...byName(o.nameKa).map((c) => asc(c)), asc(o.id));
  }

  // ---- transactions and audit --------------------------------------------------------------

  /** Runs `work` in one transaction with a gateway bound to it: all or nothing, audit included. */
  async transaction<T>(work: (gw: Gateway) => Promise<T>): Promise<T> {
    if (this.#primary) throw replicaWrite();
    if (this.#inTransaction) return work(this);
    // The reads that led to this write come first in the log, and stay there if it fails.
    await this.flushReadAudit();
    const claim = this.#state.claim;
    return this.#db
      .transaction(async (tx) => {
        if (claim && !claim.held) await claim.take(tx as unknown as Db);
        return work(new Gateway(tx as unknown as Db, this.actor, this.#state.ip, { state: this.#state }));
      })
      .then(
        (result) => {
          if (claim) claim.held = true;
          return result;
        },
        (error: unknown) => {
          // Grants read inside a transaction that rolled back may include its own (now undone) changes.
          this.#forgetGrants();
          throw error;
        },
      );
  }

  /**
   * Runs `take` at the start of this request's first write transaction, before the write, so
   * that what it records commits or rolls back with the write (an idempotency key: see
   * server/http/idempotency.ts). A transaction that rolls back leaves it to the next one.
   */
  claimBeforeWrite(take: (tx: Db) => Promise<void>): void {
    this.#state.claim = { take, held: false };
  }

  /** Whether a write transaction of this request committed after taking the claim. */
  get claimHeld(): boolean {
    return this.#state.claim?.held ?? false;
  }
  readonly #inTransaction: boolean;

  /**
   * From now on, this request's read and list entries wait for `flushReadAudit` (called by the
   * HTTP layer before the response is sent, so no answer leaves without its entries) and go in
   * one insert. Reads inside a transaction are still written at once, in their transaction.
   */
  deferReadAudit(): void {
    this.#state.deferredReads ??= { to: this.#auditDb, entries: [] };
  }

  /**
   * Writes the read entries held so far (see `deferReadAudit`), after any insert started early:
   * its failure surfaces here, so an answer never leaves without its entries.
   */
  async flushReadAudit(): Promise<void> {
    const deferred = this.#state.deferredReads;
    if (!deferred) return;
    const started = deferred.writing;
    if (deferred.entries.length) {
      const entries = deferred.entries.splice(0);
      deferred.writing = (started ?? Promise.resolve()).then(() => writeAuditEntries(deferred.to, entries));
    }
    await deferred.writing;
  }

  /**
   * Starts writing the read entries held so far without waiting for them, so the insert runs
   * while the request still works (a list's count, the answer's serialisation); the HTTP layer's
   * `flushReadAudit` waits for it before the answer leaves. A failure is kept for that flush.
   */
  startReadAuditFlush(): void {
    if (!this.#state.deferredReads?.entries.length) return;
    this.flushReadAudit().catch(() => undefined);
  }

  /** A read or list entry: held for the request's one insert where deferred, else written now. */
  async #recordRead(entry: AuditEntry, opts: { now?: boolean } = {}): Promise<void> {
    const full = { ...entry, actorUserId: this.actor.userId, actorEmail: this.actor.email, ip: this.#state.ip };
    const deferred = this.#state.deferredReads;
    if (deferred && !opts.now && !this.#inTransaction) deferred.entries.push(full);
    else await writeAudit(this.#auditDb, full);
  }

  async audit(entry: AuditEntry): Promise<void> {
    if (!this.#inTransaction) await this.flushReadAudit();
    if (entry.entityId && entry.action !== 'read' && entry.action !== 'list' && entry.action !== 'export') {
      this.#state.written.add(`${entry.entityType}:${entry.entityId}`);
    }
    await writeAudit(this.#auditDb, { ...entry, actorUserId: this.actor.userId, actorEmail: this.actor.email, ip: this.#state.ip });
  }

  /** Records a read once per request, and not at all when this request wrote the record. */
  async #auditRead(owned: OwnedTable, id: string, row: unknown): Promise<void> {
    if (!owned.auditReads) return;
    const key = `${owned.entity}:${id}`;
    if (this.#state.written.has(key) || this.#state.audited.has(`read:${key}`)) return;
    this.#state.audited.add(`read:${key}`);
    const organisationId = row ? ownerOf(owned, row) : await this.#ownerById(owned, id);
    await this.#recordRead({ action: 'read', entityType: owned.entity, entityId: id, organisationId });
  }

  async #ownerById(owned: OwnedTable, id: string): Promise<string | null> {
    const [row] = await this.#db.select({ owner: owned.owner }).from(owned.table).where(eq(idOf(owned), id));
    return row?.owner ? String(row.owner) : null;
  }

  /** One entry per request for a list or export of audited rows: what was asked, how many came back. */
  async #auditList(owned: OwnedTable, opts: ReadOptions, rows: number): Promise<void> {
    const purpose = opts.purpose ?? 'list';
    if (!owned.auditReads || purpose === 'check') return;
    const key = `${purpose}:${owned.entity}`;
    if (this.#state.audited.has(key)) return;
    this.#state.audited.add(key);
    const entry: AuditEntry = {
      action: purpose,
      entityType: owned.entity,
      organisationId: typeof opts.filter?.organisationId === 'string' ? opts.filter.organisationId : null,
      changes: { filter: { to: opts.filter ?? {} }, rows: { to: rows } },
    };
    // An export's entry is written at once: its rows are already streaming to the client.
    await this.#recordRead(entry, { now: purpose === 'export' });
  }
}

/**
 * Programme-wide tables (instruments, places): no organisation scope applies, every signed-in
 * user reads them, and the routes that change them require a role permission.
 */
export class ProgrammeData {
  readonly #db: Db;
  readonly #readOnly: boolean;
  constructor(db: Db, opts: { readOnly?: boolean } = {}) {
    this.#db = db;
    this.#readOnly = opts.readOnly ?? false;
  }

  #writable(): void {
    if (this.#readOnly) throw replicaWrite();
  }

  /** A query over programme-wide tables only (`from` accepts nothing else). */
  select<S extends SelectedFields>(fields: S) {
    return { from: (table: ProgrammeTable) => this.#db.select(fields).from(table as PgTable).$dynamic() };
  }

  /** Whole rows of one programme-wide table. */
  rows<T extends ProgrammeTable>(table: T) {
    return this.select(getTableColumns(table)).from(table);
  }

  insert<T extends ProgrammeTable>(table: T) {
    this.#writable();
    return this.#db.insert<T>(table);
  }

  /** An update builder; callers bump `version` and check the returned rows (`assertVersionMatched`). */
  update<T extends ProgrammeTable>(table: T) {
    this.#writable();
    // The cast only defers drizzle's check for subquery-like tables, which a table never is.
    return this.#db.update<T>(table as never);
  }
}

function replicaWrite(): Error {
  return new Error('a gateway on the read replica does not write');
}

function keyOf(owned: OwnedTable, column: AnyPgColumn): string {
  const columns = (owned.table as unknown as Record<string, unknown>);
  const key = Object.keys(columns).find((k) => columns[k] === column);
  if (!key) throw new Error(`column ${column.name} is not on ${owned.entity}`);
  return key;
}

function idOf(owned: OwnedTable): AnyPgColumn {
  if (!owned.id) throw new Error(`${owned.entity} link rows have no id`);
  return owned.id;
}

function ownerOf(owned: OwnedTable, row: unknown): string | null {
  const value = (row as Record<string, unknown>)[keyOf(owned, owned.owner)];
  return value === null || value === undefined ? null : String(value);
}

function ownerEquals(owned: OwnedTable, row: unknown): SQL {
  return eq(owned.owner, ownerOf(owned, row));
}

/** Optimistic concurrency for code that checks a returned row list itself. */
export function assertVersionMatched(updated: unknown[]): void {
  if (updated.length === 0) throw conflict();
}
