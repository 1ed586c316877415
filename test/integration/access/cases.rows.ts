import { randomUUID } from 'node:crypto';
import type { Client, DemoRole } from '../../support/app';
import { SEES_ALL, unique, wgId, type Context, type Expectation, type Row, type Target } from './support';

/**
 * Case management. People served and case files are personal data: only the serving CSO's
 * manager and case workers (a case: its worker; break-glass: a manager for a while), and a
 * referral receiver once it accepts (the agreed subset). Everyone else: 404, or 403 where the
 * role has no such action at all. Aggregates are open to all, with small cells suppressed.
 */
const CSO_STAFF: DemoRole[] = ['cso_manager', 'case_worker'];
const isStaff = (role: DemoRole) => CSO_STAFF.includes(role);
/** Reads: the scope answers (404) outside the serving CSO. */
const personal = (success: number) => (role: DemoRole, target: Target): Expectation => (isStaff(role) && target === 'demoCso' ? success : 404);
/** Work on people and cases: CSO staff only (403 for other roles), in their own CSO (404 elsewhere). */
const work = (success: number) => (role: DemoRole, target: Target): Expectation => (!isStaff(role) ? 403 : target === 'demoCso' ? success : 404);
/** Supervision: CSO managers only. */
const supervise = (success: number) => (role: DemoRole, target: Target): Expectation => (role !== 'cso_manager' ? 403 : target === 'demoCso' ? success : 404);
const personalList = (role: DemoRole, target: Target): Expectation => (isStaff(role) && target === 'demoCso' ? 'listed' : 'unlisted');

const CONSENT = { givenBy: 'person', givenOn: '2026-01-10', processing: true, referralSharing: true, photos: false };
let lastSurname = '';

async function meOf(client: Client): Promise<{ id: string; organisationId: string; roles: string[] }> {
  const me = (await client.get('/api/v1/me')).json().user;
  return { id: me.id, organisationId: me.organisation.id, roles: me.roles };
}

/** A person registered (with consent) by a new case worker of the target organisation. */
async function personAt(ctx: Context, registrar?: Client): Promise<{ id: string; worker: Client }> {
  const worker = registrar ?? (await ctx.loginAsNew('case_worker'));
  lastSurname = `მატრიცა${unique()}`;
  const res = await worker.post('/api/v1/people', { organisationId: ctx.orgId, givenName: 'ნინო', surname: lastSurname, sex: 'female', birthDate: '2016-01-01', consent: CONSENT });
  if (res.statusCode !== 201) throw new Error(res.body);
  return { id: res.json().id, worker };
}

/** A case at the target organisation: in the caller's caseload when the caller works there, else the new worker's. */
async function caseAt(ctx: Context, caller: Client | null): Promise<{ id: string; personId: string; worker: Client }> {
  const { id: personId, worker } = await personAt(ctx);
  const me = caller ? await meOf(caller) : null;
  const mine = me && me.organisationId === ctx.orgId && me.roles.some((r) => r === 'case_worker' || r === 'cso_manager');
  // Assigning a case to someone else is a manager's act.
  const opener = mine ? await ctx.loginAsNew('cso_manager') : worker;
  const res = await opener.post('/api/v1/cases', { personId, caseWorkerId: mine ? me.id : null });
  if (res.statusCode !== 201) throw new Error(res.body);
  return { id: res.json().id, personId, worker };
}

/** Somewhere to refer to: a fresh CSO created by the administrator. */
async function receivingCso(ctx: Context): Promise<string> {
  const name = `Receiving CSO ${unique()}`;
  return (await ctx.admin.post('/api/v1/organisations', { kind: 'cso', nameKa: name, nameEn: name, municipalityIds: [] })).json().id;
}

/** A referral sent from the target organisation (by its new worker) to `toOrganisationId`. */
async function referralFrom(ctx: Context, toOrganisationId: string): Promise<{ id: string; personId: string; sender: Client }> {
  const file = await caseAt(ctx, null);
  const res = await file.worker.post(`/api/v1/cases/${file.id}/referrals`, { toOrganisationId, reason: 'matrix', urgency: 'routine', sharedFields: ['name'] });
  if (res.statusCode !== 201) throw new Error(res.body);
  return { id: res.json().id, personId: file.personId, sender: file.worker };
}

/**
 * A referral from the Batumi CSO to the caller's own organisation, where it can be addressed (a CSO
 * or a city hall); the consortium's and the donor's users get one addressed to another CSO.
 */
async function referralToCaller(c: Client, ctx: Context) {
  const me = await meOf(c);
  const kind = (await ctx.admin.get(`/api/v1/organisations/${me.organisationId}`)).json().kind as string;
  return referralFrom(ctx, kind === 'cso' || kind === 'municipality' ? me.organisationId : await receivingCso(ctx));
}

/** Who answers a referral addressed to their organisation: a CSO's staff, a city hall's monitors. */
const answers = (role: DemoRole) => isStaff(role) || role === 'municipal_monitor';
const answer = (role: DemoRole): Expectation => (answers(role) ? 200 : 403);
/** After acceptance, the receiver reads the agreed subset of the person. */
const receiverAfter = (role: DemoRole): Expectation => (answers(role) ? 200 : 404);

/** A new city hall (in no municipality of the demo) with a monitor of its own. */
async function otherCityHall(ctx: Context): Promise<{ id: string; monitor: Client }> {
  const name = `City hall ${unique()}`;
  const id = (await ctx.admin.post('/api/v1/organisations', { kind: 'municipality', nameKa: name, nameEn: name, municipalityIds: [] })).json().id as string;
  return { id, monitor: await ctx.loginAsNew('municipal_monitor', id) };
}
const SESSION = { kind: 'individual', heldOn: '2026-02-01', minutes: 30, attended: true, notes: 'n' };
/**
 * A referral addressed to an organisation is read there by the roles that answer it (a CSO's
 * staff, a city hall's monitors); its other users (viewers, or any role of an organisation that
 * answers no referrals, which only the API lets a sender address) get 404.
 */
const addressee = (role: DemoRole): Expectation => (answers(role) ? 200 : 404);

export const rows: Row[] = [
  // ---- services catalogue
  {
    route: 'GET /api/v1/services',
    targets: ['demoCso', 'other'],
    expect: (role, target) => (target === 'demoCso' || SEES_ALL.includes(role) ? 'listed' : 'unlisted'),
    send: async (c, ctx) => {
      await ctx.admin.post('/api/v1/services', { organisationId: ctx.orgId, type: 'day_care', nameKa: 'დღის ცენტრი' });
      return c.get('/api/v1/services?pageSize=200');
    },
    marker: (ctx) => ctx.orgId,
  },
  {
    route: 'POST /api/v1/services',
    targets: ['demoCso', 'other'],
    expect: (role, target) => (role === 'admin' || role === 'programme_manager' ? 201 : role !== 'cso_manager' ? 403 : target === 'demoCso' ? 201 : 404),
    send: (c, ctx) => c.post('/api/v1/services', { organisationId: ctx.orgId, type: 'home_care', nameKa: 'ბინაზე მომსახურება' }),
  },
  {
    route: 'PATCH /api/v1/services/:id',
    targets: ['demoCso', 'other'],
    expect: (role, target) => (role === 'admin' || role === 'programme_manager' ? 200 : role !== 'cso_manager' ? 403 : target === 'demoCso' ? 200 : 404),
    send: async (c, ctx) => {
      const created = (await ctx.admin.post('/api/v1/services', { organisationId: ctx.orgId, type: 'day_care', nameKa: 'დღის ცენტრი' })).json();
      return c.patch(`/api/v1/services/${created.id}`, { version: created.version, capacity: 12 });
    },
  },
  {
    route: 'GET /api/v1/referral-targets',
    targets: ['demoCso'],
    expect: answer,
    send: (c) => c.get('/api/v1/referral-targets'),
  },
  {
    route: 'GET /api/v1/case-staff',
    targets: ['demoCso'],
    expect: (role) => (isStaff(role) ? 200 : 403),
    send: (c) => c.get('/api/v1/case-staff'),
  },

  // ---- people
  {
    route: 'GET /api/v1/people',
    targets: ['demoCso', 'other'],
    expect: personalList,
    send: async (c, ctx) => {
      await personAt(ctx);
      return c.get('/api/v1/people?pageSize=200');
    },
    marker: (ctx) => ctx.orgId,
  },
  {
    route: 'GET /api/v1/people/export',
    targets: ['demoCso', 'other'],
    expect: (role, target) => (!isStaff(role) ? 403 : personalList(role, target)),
    send: async (c, ctx) => {
      await personAt(ctx);
      return c.get('/api/v1/people/export?format=csv');
    },
    marker: () => lastSurname,
  },
  {
    route: 'POST /api/v1/people/duplicates',
    targets: ['demoCso', 'other'],
    expect: work(200),
    send: (c, ctx) => c.post('/api/v1/people/duplicates', { organisationId: ctx.orgId, givenName: 'ნინო', surname: 'ბერიძე', birthDate: '2016-01-01' }),
  },
  {
    route: 'POST /api/v1/people',
    targets: ['demoCso', 'other'],
    expect: work(201),
    send: (c, ctx) => c.post('/api/v1/people', { organisationId: ctx.orgId, givenName: 'ნინო', surname: 'ბერიძე', sex: 'female', estimatedAge: 7, consent: CONSENT }),
  },
  {
    route: 'GET /api/v1/people/:id',
    targets: ['demoCso', 'other'],
    expect: personal(200),
    send: async (c, ctx) => c.get(`/api/v1/people/${(await personAt(ctx)).id}`),
  },
  {
    route: 'PATCH /api/v1/people/:id',
    targets: ['demoCso', 'other'],
    expect: work(200),
    send: async (c, ctx) => c.patch(`/api/v1/people/${(await personAt(ctx)).id}`, { version: 1, phone: '+995 555 00 00 00' }),
  },
  {
    route: 'GET /api/v1/people/:id/history',
    targets: ['demoCso', 'other'],
    expect: work(200),
    send: async (c, ctx) => c.get(`/api/v1/people/${(await personAt(ctx)).id}/history`),
  },
  {
    route: 'POST /api/v1/people/:id/consents',
    targets: ['demoCso', 'other'],
    expect: work(201),
    send: async (c, ctx) => c.post(`/api/v1/people/${(await personAt(ctx)).id}/consents`, CONSENT),
  },
  {
    route: 'POST /api/v1/people/:id/consents/:consentId/withdraw',
    targets: ['demoCso', 'other'],
    expect: work(200),
    send: async (c, ctx) => {
      const { id, worker } = await personAt(ctx);
      const consentId = (await worker.get(`/api/v1/people/${id}`)).json().consents[0].id;
      return c.post(`/api/v1/people/${id}/consents/${consentId}/withdraw`, {});
    },
  },
  {
    route: 'GET /api/v1/people/:id/subject-access',
    targets: ['demoCso', 'other'],
    expect: supervise(200),
    send: async (c, ctx) => c.get(`/api/v1/people/${(await personAt(ctx)).id}/subject-access`),
  },
  {
    route: 'POST /api/v1/people/:id/erase',
    targets: ['demoCso', 'other'],
    expect: supervise(200),
    send: async (c, ctx) => c.post(`/api/v1/people/${(await personAt(ctx)).id}/erase`, {}),
  },

  // ---- cases
  { route: 'GET /api/v1/caseload', targets: ['own'], expect: (role) => (isStaff(role) ? 200 : 403), send: (c) => c.get('/api/v1/caseload') },
  { route: 'GET /api/v1/approvals', targets: ['own'], expect: (role) => (role === 'cso_manager' ? 200 : 403), send: (c) => c.get('/api/v1/approvals') },
  { route: 'GET /api/v1/cases/retention', targets: ['own'], expect: (role) => (role === 'cso_manager' ? 200 : 403), send: (c) => c.get('/api/v1/cases/retention') },
  { route: 'GET /api/v1/cases-aggregates', targets: ['own'], expect: () => 200, send: (c) => c.get('/api/v1/cases-aggregates?by=ageBand') },
  { route: 'GET /api/v1/cases-aggregates/export', targets: ['own'], expect: () => 200, send: (c) => c.get('/api/v1/cases-aggregates/export?by=municipality&format=xlsx') },
  {
    route: 'GET /api/v1/cases',
    targets: ['demoCso', 'other'],
    expect: personalList,
    send: async (c, ctx) => {
      await caseAt(ctx, c);
      return c.get('/api/v1/cases?pageSize=200');
    },
    marker: (ctx) => ctx.orgId,
  },
  {
    route: 'POST /api/v1/cases',
    targets: ['demoCso', 'other'],
    expect: work(201),
    send: async (c, ctx) => c.post('/api/v1/cases', { personId: (await personAt(ctx)).id }),
  },
  {
    route: 'GET /api/v1/cases/:id',
    targets: ['demoCso', 'other'],
    expect: personal(200),
    send: async (c, ctx) => c.get(`/api/v1/cases/${(await caseAt(ctx, c)).id}`),
  },
  {
    route: 'GET /api/v1/cases/:id/sessions',
    targets: ['demoCso', 'other'],
    expect: personal(200),
    send: async (c, ctx) => c.get(`/api/v1/cases/${(await caseAt(ctx, c)).id}/sessions?page=2`),
  },
  {
    route: 'POST /api/v1/cases/:id/status',
    targets: ['demoCso', 'other'],
    expect: work(200),
    send: async (c, ctx) => c.post(`/api/v1/cases/${(await caseAt(ctx, c)).id}/status`, { status: 'assessment', version: 1 }),
  },
  {
    // In scope, closing still needs an approved closure request (409); out of scope 404.
    route: 'POST /api/v1/cases/:id/close',
    targets: ['demoCso', 'other'],
    expect: work(409),
    send: async (c, ctx) => c.post(`/api/v1/cases/${(await caseAt(ctx, c)).id}/close`, { version: 1 }),
  },
  {
    route: 'POST /api/v1/cases/:id/assessments',
    targets: ['demoCso', 'other'],
    expect: work(201),
    send: async (c, ctx) => c.post(`/api/v1/cases/${(await caseAt(ctx, c)).id}/assessments`, { instrumentId: await wgId(ctx) }),
  },
  {
    route: 'POST /api/v1/cases/:id/plans',
    targets: ['demoCso', 'other'],
    expect: work(201),
    send: async (c, ctx) => c.post(`/api/v1/cases/${(await caseAt(ctx, c)).id}/plans`, { reviewOn: '2026-06-01', goals: [{ id: 'g1', text: 'goal' }] }),
  },
  {
    route: 'POST /api/v1/cases/:id/sessions',
    targets: ['demoCso', 'other'],
    expect: work(201),
    send: async (c, ctx) => c.post(`/api/v1/cases/${(await caseAt(ctx, c)).id}/sessions`, SESSION),
  },
  {
    // A session sent from a device with the device's id: created (201); sent again, the same (200).
    route: 'PUT /api/v1/cases/:id/sessions/:sessionId',
    targets: ['demoCso', 'other'],
    expect: work(201),
    send: async (c, ctx) => c.request('PUT', `/api/v1/cases/${(await caseAt(ctx, c)).id}/sessions/${randomUUID()}`, SESSION),
  },
  {
    route: 'PUT /api/v1/cases/:id/sessions/:sessionId',
    targets: ['demoCso', 'other'],
    expect: work(200),
    send: async (c, ctx) => {
      const url = `/api/v1/cases/${(await caseAt(ctx, c)).id}/sessions/${randomUUID()}`;
      await c.request('PUT', url, SESSION);
      return c.request('PUT', url, SESSION);
    },
  },
  {
    route: 'POST /api/v1/cases/:id/reviews',
    targets: ['demoCso', 'other'],
    expect: work(201),
    send: async (c, ctx) => c.post(`/api/v1/cases/${(await caseAt(ctx, c)).id}/reviews`, { reviewedOn: '2026-03-01', scores: [] }),
  },
  {
    route: 'POST /api/v1/cases/:id/approvals',
    targets: ['demoCso', 'other'],
    expect: work(201),
    send: async (c, ctx) => c.post(`/api/v1/cases/${(await caseAt(ctx, c)).id}/approvals`, { kind: 'closure', closureReason: 'done' }),
  },
  {
    route: 'POST /api/v1/approvals/:id/decide',
    targets: ['demoCso', 'other'],
    expect: supervise(200),
    send: async (c, ctx) => {
      const file = await caseAt(ctx, null);
      const request = (await file.worker.post(`/api/v1/cases/${file.id}/approvals`, { kind: 'closure', closureReason: 'done' })).json();
      return c.post(`/api/v1/approvals/${request.id}/decide`, { approve: true, version: request.version });
    },
  },

  // ---- break-glass: before, during (expiry is covered in cases.test.ts, which can move the clock of a grant)
  {
    route: 'GET /api/v1/cases/:id',
    targets: ['demoCso', 'other'],
    expect: () => 404,
    send: async (c, ctx) => c.get(`/api/v1/cases/${(await caseAt(ctx, null)).id}`),
  },
  {
    route: 'POST /api/v1/cases/:id/break-glass',
    targets: ['demoCso', 'other'],
    expect: supervise(201),
    send: async (c, ctx) => c.post(`/api/v1/cases/${(await caseAt(ctx, null)).id}/break-glass`, { reason: 'worker on leave, urgent call' }),
  },
  // During break-glass: the manager who broke it reads the file and its sessions.
  ...['', '/sessions'].map((part): Row => ({
    route: `GET /api/v1/cases/:id${part}`,
    targets: ['demoCso', 'other'],
    expect: (role, target) => (role === 'cso_manager' && target === 'demoCso' ? 200 : 404),
    send: async (c, ctx) => {
      const { id } = await caseAt(ctx, null);
      await c.post(`/api/v1/cases/${id}/break-glass`, { reason: 'worker on leave, urgent call' });
      return c.get(`/api/v1/cases/${id}${part}`);
    },
  })),

  // ---- referrals: sender side
  {
    route: 'POST /api/v1/cases/:id/referrals',
    targets: ['demoCso', 'other'],
    expect: work(201),
    send: async (c, ctx) => c.post(`/api/v1/cases/${(await caseAt(ctx, c)).id}/referrals`, { toOrganisationId: await receivingCso(ctx), reason: 'r', urgency: 'urgent', sharedFields: ['name'] }),
  },
  {
    route: 'GET /api/v1/referrals',
    targets: ['demoCso', 'other'],
    expect: personalList,
    send: async (c, ctx) => {
      await referralFrom(ctx, await receivingCso(ctx));
      return c.get('/api/v1/referrals?pageSize=200');
    },
    marker: (ctx) => ctx.orgId,
  },
  {
    route: 'GET /api/v1/referrals/:id',
    targets: ['demoCso', 'other'],
    expect: personal(200),
    send: async (c, ctx) => c.get(`/api/v1/referrals/${(await referralFrom(ctx, await receivingCso(ctx))).id}`),
  },
  {
    route: 'POST /api/v1/referrals/:id/revoke',
    targets: ['demoCso', 'other'],
    expect: work(200),
    send: async (c, ctx) => c.post(`/api/v1/referrals/${(await referralFrom(ctx, await receivingCso(ctx))).id}/revoke`, {}),
  },

  // ---- referrals: receiver side (the Batumi CSO refers to the caller's organisation)
  {
    route: 'GET /api/v1/referrals/:id',
    targets: ['other'],
    expect: addressee,
    send: async (c, ctx) => c.get(`/api/v1/referrals/${(await referralToCaller(c, ctx)).id}`),
  },
  {
    // Before acceptance the receiver sees the referral, not the person.
    route: 'GET /api/v1/people/:id',
    targets: ['other'],
    expect: () => 404,
    send: async (c, ctx) => c.get(`/api/v1/people/${(await referralToCaller(c, ctx)).personId}`),
  },
  {
    // An accepted referral shares a subset to read, never the right to change the record.
    route: 'PATCH /api/v1/people/:id',
    targets: ['other'],
    expect: (role) => (isStaff(role) ? 404 : 403),
    send: async (c, ctx) => {
      const referral = await referralToCaller(c, ctx);
      await c.post(`/api/v1/referrals/${referral.id}/accept`, {});
      return c.patch(`/api/v1/people/${referral.personId}`, { version: 1, phone: '+995 555 00 00 00' });
    },
  },
  {
    route: 'POST /api/v1/referrals/:id/accept',
    targets: ['other'],
    expect: answer,
    send: async (c, ctx) => c.post(`/api/v1/referrals/${(await referralToCaller(c, ctx)).id}/accept`, {}),
  },
  {
    // After acceptance: the agreed subset.
    route: 'GET /api/v1/people/:id',
    targets: ['other'],
    expect: receiverAfter,
    send: async (c, ctx) => {
      const referral = await referralToCaller(c, ctx);
      await c.post(`/api/v1/referrals/${referral.id}/accept`, {});
      return c.get(`/api/v1/people/${referral.personId}`);
    },
  },
  {
    route: 'POST /api/v1/referrals/:id/decline',
    targets: ['other'],
    expect: answer,
    send: async (c, ctx) => c.post(`/api/v1/referrals/${(await referralToCaller(c, ctx)).id}/decline`, { reason: 'no capacity' }),
  },
  {
    // Declined: nothing.
    route: 'GET /api/v1/people/:id',
    targets: ['other'],
    expect: () => 404,
    send: async (c, ctx) => {
      const referral = await referralToCaller(c, ctx);
      await c.post(`/api/v1/referrals/${referral.id}/decline`, { reason: 'no capacity' });
      return c.get(`/api/v1/people/${referral.personId}`);
    },
  },
  {
    route: 'POST /api/v1/referrals/:id/complete',
    targets: ['other'],
    expect: answer,
    send: async (c, ctx) => {
      const referral = await referralToCaller(c, ctx);
      await c.post(`/api/v1/referrals/${referral.id}/accept`, {});
      return c.post(`/api/v1/referrals/${referral.id}/complete`, { reason: 'done' });
    },
  },
  {
    // Accepted, then revoked by the sender: nothing.
    route: 'GET /api/v1/people/:id',
    targets: ['other'],
    expect: () => 404,
    send: async (c, ctx) => {
      const referral = await referralToCaller(c, ctx);
      await c.post(`/api/v1/referrals/${referral.id}/accept`, {});
      await referral.sender.post(`/api/v1/referrals/${referral.id}/revoke`, {});
      return c.get(`/api/v1/people/${referral.personId}`);
    },
  },
  {
    // An unrelated CSO's referral, accepted by its receiver: still nothing for the caller.
    route: 'GET /api/v1/people/:id',
    targets: ['other'],
    expect: () => 404,
    send: async (c, ctx) => {
      const to = await receivingCso(ctx);
      const referral = await referralFrom(ctx, to);
      return c.get(`/api/v1/people/${referral.personId}`);
    },
  },
  // Accepted by the receiver (a CSO, or the caller's city hall): nothing else of the case, its file nor its sessions.
  ...['', '/sessions'].map((part): Row => ({
    route: `GET /api/v1/cases/:id${part}`,
    targets: ['other'],
    expect: () => 404,
    send: async (c, ctx) => {
      const referral = await referralToCaller(c, ctx);
      await c.post(`/api/v1/referrals/${referral.id}/accept`, {});
      const { caseId } = (await referral.sender.get(`/api/v1/referrals/${referral.id}`)).json() as { caseId: string };
      return c.get(`/api/v1/cases/${caseId}${part}`);
    },
  })),
  {
    // A referral to another city hall, accepted there: the caller (a monitor of another city hall included) gets nothing.
    route: 'GET /api/v1/people/:id',
    targets: ['other'],
    expect: () => 404,
    send: async (c, ctx) => {
      const cityHall = await otherCityHall(ctx);
      const referral = await referralFrom(ctx, cityHall.id);
      const accepted = await cityHall.monitor.post(`/api/v1/referrals/${referral.id}/accept`, {});
      if (accepted.statusCode !== 200) throw new Error(accepted.body);
      if ((await cityHall.monitor.get(`/api/v1/people/${referral.personId}`)).statusCode !== 200) throw new Error('the receiving city hall should see the person');
      return c.get(`/api/v1/people/${referral.personId}`);
    },
  },
  {
    route: 'GET /api/v1/referrals/:id',
    targets: ['other'],
    expect: () => 404,
    send: async (c, ctx) => c.get(`/api/v1/referrals/${(await referralFrom(ctx, (await otherCityHall(ctx)).id)).id}`),
  },
  {
    route: 'POST /api/v1/referrals/:id/accept',
    targets: ['other'],
    expect: (role) => (answers(role) ? 404 : 403),
    send: async (c, ctx) => c.post(`/api/v1/referrals/${(await referralFrom(ctx, (await otherCityHall(ctx)).id)).id}/accept`, {}),
  },
];
