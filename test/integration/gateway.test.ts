import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganisationKind, Role } from '../../common/roles';
import type { Actor } from '../../server/access/actor';
import { Gateway } from '../../server/access/gateway';
import { ROLES_BY_ORGANISATION_KIND } from '../../server/access/policy';
import { resolveReach, type OrganisationSet } from '../../server/access/reach';
import { OWNED } from '../../server/access/registry';
import { organisations, users } from '../../server/db/schema';
import { loginAs, organisationIdByName, startTestApp, type Client, type TestApp } from '../support/app';

// The gateway's own rules, below the HTTP layer: grants, break-glass, and how roles combine.

let t: TestApp;
let admin: Client;
let manager: Client;
let telaviCso: string;
let batumiCso: string;
let wgId: string;

async function actorFor(email: string, overrides: Partial<Actor> = {}): Promise<Actor> {
  const [row] = await t.database.db
    .select({ user: users, kind: organisations.kind })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.email, email));
  const { user, kind } = row!;
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    organisationId: user.organisationId,
    organisationKind: kind,
    roles: user.roles,
    language: 'en',
    sessionTokenHash: 'test',
    csrfToken: 'test',
    mustChangePassword: false,
    ...overrides,
  };
}

async function gatewayFor(email: string, overrides: Partial<Actor> = {}) {
  return new Gateway(t.database.db, await actorFor(email, overrides), '127.0.0.1');
}

/** A Batumi CSO manager: another organisation in another municipality. */
async function batumiManager(): Promise<string> {
  const email = `batumi-${Date.now()}${Math.random().toString(36).slice(2, 6)}@example.ge`;
  await admin.post('/api/v1/users', { email, displayName: 'Batumi', organisationId: batumiCso, roles: ['cso_manager'] });
  return email;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t.app, 'admin');
  manager = await loginAs(t.app, 'cso_manager');
  telaviCso = await organisationIdByName(t.database, 'Telavi Inclusive Development Centre');
  batumiCso = await organisationIdByName(t.database, 'Batumi Family Support Association');
  wgId = (await admin.get('/api/v1/instruments?q=wg_ss')).json().items[0].id;
});
afterAll(() => t?.close());

async function screening(): Promise<string> {
  return (await manager.post('/api/v1/responses', { instrumentId: wgId, organisationId: telaviCso })).json().response.id;
}

describe('grants', () => {
  it('share one record with an organisation until revoked, and the share is audited', async () => {
    const id = await screening();
    const owner = await gatewayFor('cso.manager@demo.ertad.ge');
    const receiver = await gatewayFor(await batumiManager());
    await expect(receiver.find(OWNED.responses, id)).rejects.toMatchObject({ kind: 'notFound' });

    const grantId = await owner.grant(OWNED.responses, id, { organisationId: batumiCso }, { purpose: 'referral', reason: 'day care place' });
    // A gateway is one request's: the receiver's next request reads the grant.
    const nextRequest = await gatewayFor(receiver.actor.email);
    expect((await nextRequest.find(OWNED.responses, id)).id).toBe(id);
    // The grant widens reading that one record, not changing it, and nothing else.
    await expect(nextRequest.findForUpdate(OWNED.responses, id)).rejects.toMatchObject({ kind: 'notFound' });
    const other = await screening();
    await expect(nextRequest.find(OWNED.responses, other)).rejects.toMatchObject({ kind: 'notFound' });

    await owner.revokeGrant(grantId);
    await expect((await gatewayFor((receiver.actor.email))).find(OWNED.responses, id)).rejects.toMatchObject({ kind: 'notFound' });
    const trail = (await admin.get(`/api/v1/audit?entityType=response&entityId=${id}&action=grant`)).json();
    expect(trail.total).toBe(1);
    expect((await admin.get(`/api/v1/audit?entityType=grant&entityId=${grantId}&action=revoke_grant`)).json().total).toBe(1);
  });

  it('an offered grant widens nothing until the grantee accepts it; the grantee may give it up', async () => {
    const id = await screening();
    const owner = await gatewayFor('cso.manager@demo.ertad.ge');
    const receiverEmail = await batumiManager();
    const grantId = await owner.grant(OWNED.responses, id, { organisationId: batumiCso }, { purpose: 'referral', reason: 'offer', offer: true });
    await expect((await gatewayFor(receiverEmail)).find(OWNED.responses, id)).rejects.toMatchObject({ kind: 'notFound' });
    // Only the grantee answers an offer.
    await expect(owner.answerGrant(grantId, 'accept')).rejects.toMatchObject({ kind: 'notFound' });
    await (await gatewayFor(receiverEmail)).answerGrant(grantId, 'accept');
    expect((await (await gatewayFor(receiverEmail)).find(OWNED.responses, id)).id).toBe(id);
    await (await gatewayFor(receiverEmail)).answerGrant(grantId, 'release');
    await expect((await gatewayFor(receiverEmail)).find(OWNED.responses, id)).rejects.toMatchObject({ kind: 'notFound' });
    await expect((await gatewayFor(receiverEmail)).answerGrant(grantId, 'accept')).rejects.toMatchObject({ kind: 'notFound' });
    expect((await admin.get(`/api/v1/audit?entityType=response&entityId=${id}&action=accept_grant`)).json().total).toBe(1);
  });

  it('resolve the live grants once per request into ids, and read them again after the request changes one', async () => {
    const id = await screening();
    const owner = await gatewayFor('cso.manager@demo.ertad.ge');
    const receiverEmail = await batumiManager();
    const grantId = await owner.grant(OWNED.responses, id, { organisationId: batumiCso }, { purpose: 'referral', reason: 'offer', offer: true });

    const receiver = await gatewayFor(receiverEmail);
    const statements: string[] = [];
    const stop = t.database.onQuery((query) => statements.push(query));
    try {
      await expect(receiver.find(OWNED.responses, id)).rejects.toMatchObject({ kind: 'notFound' });
      // Accepting in this request makes the record readable in this same request.
      await receiver.answerGrant(grantId, 'accept');
      expect((await receiver.find(OWNED.responses, id)).id).toBe(id);
      expect(await receiver.count(OWNED.responses)).toBeGreaterThan(0);
    } finally {
      stop();
    }
    const onResponses = statements.filter((q) => /from "responses"/.test(q));
    expect(onResponses.length).toBeGreaterThan(0);
    // The scope carries the shared ids themselves: no subquery on grants beside the organisation index.
    for (const q of onResponses) expect(q).not.toMatch(/"grants"/);
    const grantReads = statements.filter((q) => /^select .* from "grants"/.test(q));
    expect(grantReads, 'once before the accept, once after it').toHaveLength(2);
  });

  it('tally counts rows per organisation in read reach without the row rule, and only counts', async () => {
    await screening();
    const donor = await gatewayFor('donor@demo.ertad.ge');
    // The donor reads no form about a person, yet sees how many there are per organisation.
    expect(await donor.count(OWNED.responses, { where: eq(OWNED.responses.table.subjectType, 'person') })).toBe(0);
    const tally = await donor.tally(OWNED.responses, sql`${OWNED.responses.table.subjectType}`, { where: eq(OWNED.responses.table.subjectType, 'person') });
    expect(tally.find((r) => r.organisationId === telaviCso)?.n).toBeGreaterThan(0);
    // A CSO manager's tally stays within the organisations they read.
    const own = await (await gatewayFor('cso.manager@demo.ertad.ge')).tally(OWNED.responses, sql`${OWNED.responses.table.subjectType}`);
    expect(new Set(own.map((r) => r.organisationId))).toEqual(new Set([telaviCso]));
  });

  it('cannot be given by someone who may not change the record', async () => {
    const id = await screening();
    const outsider = await gatewayFor(await batumiManager());
    await expect(outsider.grant(OWNED.responses, id, { userId: outsider.actor.userId }, { purpose: 'referral', reason: 'x' })).rejects.toMatchObject({ kind: 'notFound' });
  });

  it('break-glass opens one record of the own organisation for a while, with a reason in the audit log', async () => {
    const id = await screening();
    // A consortium admin has no personal-data reach; pretend the organisation is theirs to show
    // that break-glass needs the record to be in the own organisation and that it expires.
    const caseworker = await gatewayFor('caseworker@demo.ertad.ge', { roles: ['viewer'] });
    await expect(caseworker.find(OWNED.responses, id)).rejects.toMatchObject({ kind: 'notFound' });
    await caseworker.breakGlass(OWNED.responses, id, 'child at risk tonight', 30);
    expect((await caseworker.find(OWNED.responses, id)).id).toBe(id);
    const expired = await gatewayFor('caseworker@demo.ertad.ge', { roles: ['viewer'] });
    await t.database.db.execute(`update grants set expires_at = now() - interval '1 minute' where entity_id = '${id}'`);
    await expect(expired.find(OWNED.responses, id)).rejects.toMatchObject({ kind: 'notFound' });
    const outsider = await gatewayFor(await batumiManager());
    await expect(outsider.breakGlass(OWNED.responses, id, 'curious', 30)).rejects.toMatchObject({ kind: 'notFound' });
    const entry = (await admin.get(`/api/v1/audit?entityType=response&entityId=${id}&action=grant`)).json().items[0];
    expect(entry.changes).toMatchObject({ purpose: { to: 'break_glass' }, reason: { to: 'child at risk tonight' } });
  });
});

describe('role combinations never widen scope', () => {
  const union = (sets: OrganisationSet[]): OrganisationSet =>
    sets.some((s) => s.all) ? { all: true, ids: [] } : { all: false, ids: [...new Set(sets.flatMap((s) => s.ids))].sort() };
  const normal = (s: OrganisationSet) => (s.all ? { all: true, ids: [] } : { all: false, ids: [...s.ids].sort() });

  const kinds = Object.keys(ROLES_BY_ORGANISATION_KIND) as OrganisationKind[];
  const pairs = kinds.flatMap((kind) => {
    const roles = ROLES_BY_ORGANISATION_KIND[kind];
    return roles.flatMap((a, i) => roles.slice(i + 1).map((b) => [kind, a, b] as const));
  });

  it.each(pairs)('%s: %s + %s reach exactly what each role reaches alone', async (kind, a, b) => {
    const email = { consortium: 'mentor@demo.ertad.ge', cso: 'cso.manager@demo.ertad.ge', municipality: 'monitor@demo.ertad.ge', donor: 'donor@demo.ertad.ge' }[kind];
    const reachOf = async (roles: Role[]) => resolveReach(t.database.db, await actorFor(email, { roles, organisationKind: kind }));
    const [alone1, alone2, both] = await Promise.all([reachOf([a]), reachOf([b]), reachOf([a, b])]);
    for (const access of ['read', 'write', 'personal', 'participant'] as const) {
      expect(normal(both[access]), access).toEqual(union([alone1[access], alone2[access]]));
    }
    // And nobody on a CSO or a municipality reads beyond what those organisations' roles read.
    if (kind === 'cso' || kind === 'municipality') expect(both.read.all).toBe(false);
  });

  it('a CSO user who is case worker and viewer cannot read or amend another organisation’s forms', async () => {
    const email = `combo-${Date.now()}@example.ge`;
    const created = (await admin.post('/api/v1/users', { email, displayName: 'Combo', organisationId: telaviCso, roles: ['case_worker', 'viewer'], passwordSetup: 'link' })).json();
    expect(created.user.roles).toEqual(['case_worker', 'viewer']);
    const gw = await gatewayFor(email);
    const batumi = await gatewayFor(await batumiManager());
    const foreign = await batumi.insert(OWNED.responses, { instrumentVersionId: (await t.database.db.query.instrumentVersions.findFirst())!.id, organisationId: batumiCso, subjectType: 'organisation', subjectId: batumiCso });
    await expect(gw.find(OWNED.responses, foreign.id)).rejects.toMatchObject({ kind: 'notFound' });
    await expect(gw.update(OWNED.responses, foreign.id, { set: { label: 'x' } })).rejects.toMatchObject({ kind: 'notFound' });
    expect(await gw.count(OWNED.organisations)).toBe(1);
  });
});

describe('monitors and placement', () => {
  it('a municipal monitor reads a CSO’s forms in their municipality but cannot change them', async () => {
    const monitor = await loginAs(t.app, 'municipal_monitor');
    const survey = (await admin.get('/api/v1/instruments?q=quality_checklist')).json().items[0].id;
    const draft = (await manager.post('/api/v1/responses', { instrumentId: survey, organisationId: telaviCso })).json().response;
    expect((await monitor.get(`/api/v1/responses/${draft.id}`)).statusCode).toBe(200);
    expect((await monitor.patch(`/api/v1/responses/${draft.id}`, { answers: {}, version: draft.version })).statusCode).toBe(404);
    expect((await monitor.post('/api/v1/responses', { instrumentId: survey, organisationId: telaviCso })).statusCode).toBe(404);
  });

  it('only programme staff change which municipalities an organisation serves', async () => {
    const org = (await manager.get(`/api/v1/organisations/${telaviCso}`)).json();
    const batumiMunicipality = (await admin.get('/api/v1/municipalities')).json().find((m: { nameEn: string }) => m.nameEn === 'Batumi').id;
    const moved = await manager.patch(`/api/v1/organisations/${telaviCso}`, { version: org.version, municipalityIds: [...org.municipalityIds, batumiMunicipality] });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().errors[0].field).toBe('municipalityIds');
    // Saving the same places (as the edit form does) is fine.
    expect((await manager.patch(`/api/v1/organisations/${telaviCso}`, { version: org.version, municipalityIds: org.municipalityIds, phone: '+995 350 00 00 00' })).statusCode).toBe(200);
    const now = (await admin.get(`/api/v1/organisations/${telaviCso}`)).json();
    expect((await admin.patch(`/api/v1/organisations/${telaviCso}`, { version: now.version, municipalityIds: [...now.municipalityIds, batumiMunicipality] })).statusCode).toBe(200);
  });
});
