import { multipartFile, type Client, type DemoRole } from '../../support/app';
import { everyone, unique, type Context, type Expectation, type Row, type Target } from './support';

// Capacity records of a CSO: the CSO's own staff, its mentor and programme staff read them one
// by one; municipal and donor users get 403 there and see aggregates only. Targets are the demo
// CSO (reached by its staff and its mentor) and a Batumi CSO nobody but programme staff reaches.

const PROGRAMME_STAFF: DemoRole[] = ['admin', 'programme_manager'];
const READERS: DemoRole[] = [...PROGRAMME_STAFF, 'mentor', 'cso_manager', 'case_worker'];

/** Whether `role` reaches `target` (the demo CSO is the staff's own and the mentor's assigned one). */
const reaches = (role: DemoRole, target: Target) => PROGRAMME_STAFF.includes(role) || target === 'demoCso';

/** A read of one CSO's capacity record: 200 in reach, 404 out of it, 403 for aggregate-only roles. */
const readOne = (success: number) => (role: DemoRole, target: Target): Expectation => (!READERS.includes(role) ? 403 : reaches(role, target) ? success : 404);
const readList = (role: DemoRole, target: Target): Expectation => (!READERS.includes(role) ? 403 : reaches(role, target) ? 'listed' : 'unlisted');
/** A write by the roles holding `allowed`, within their write scope. */
const writeBy = (allowed: DemoRole[], success: number) => (role: DemoRole, target: Target): Expectation =>
  !allowed.includes(role) ? 403 : reaches(role, target) ? success : 404;
const ASSESSORS: DemoRole[] = [...PROGRAMME_STAFF, 'mentor', 'cso_manager'];
const MENTORING: DemoRole[] = [...PROGRAMME_STAFF, 'mentor'];
const PROFILE_EDITORS: DemoRole[] = [...PROGRAMME_STAFF, 'cso_manager'];

/** The smallest file that reads as a PDF by its bytes. */
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const uploadDocument = (c: Client, organisationId: string) => {
  const { payload, contentType } = multipartFile(TINY_PDF, 'წესდება.pdf', 'application/pdf');
  return c.raw({ method: 'POST', url: `/api/v1/capacity/organisations/${organisationId}/documents?kind=statute`, payload, headers: { 'content-type': contentType } });
};
async function documentOf(ctx: Context): Promise<string> {
  const r = await uploadDocument(ctx.admin, ctx.orgId);
  if (r.statusCode !== 201) throw new Error(r.body);
  return r.json().id;
}

const marker = (ctx: Context) => `matrix-${ctx.orgId}`;

/** A fresh round (one assessment per CSO and round, so each new assessment gets its own). */
async function newRound(ctx: Context): Promise<string> {
  const r = await ctx.admin.post('/api/v1/capacity/rounds', { kind: 'midline', nameKa: `რაუნდი ${unique()}`, nameEn: `Round ${unique()}`, startsOn: '2026-01-01', endsOn: '2026-02-01' });
  if (r.statusCode !== 201) throw new Error(r.body);
  return r.json().id;
}

async function assessmentOf(ctx: Context): Promise<{ id: string; version: number }> {
  const r = await ctx.admin.post('/api/v1/capacity/assessments', { organisationId: ctx.orgId, roundId: await newRound(ctx), facilitators: marker(ctx) });
  if (r.statusCode !== 201) throw new Error(r.body);
  return { id: r.json().id, version: r.json().version };
}

async function created(ctx: Context, url: string, body: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const r = await ctx.admin.post(url, body);
  if (r.statusCode !== 201) throw new Error(`${url}: ${r.body}`);
  return r.json();
}
const planActionOf = (ctx: Context) => created(ctx, '/api/v1/capacity/plan-actions', { organisationId: ctx.orgId, subArea: 'finance_audit', action: marker(ctx) });
const mentoringOf = (ctx: Context) => created(ctx, '/api/v1/capacity/mentoring', { organisationId: ctx.orgId, heldOn: '2026-03-01', format: 'online', durationMinutes: 60, topics: marker(ctx) });
const supervisionOf = (ctx: Context) =>
  created(ctx, '/api/v1/capacity/supervision', { organisationId: ctx.orgId, supervisor: 'S', supervisee: marker(ctx), heldOn: '2026-03-01', durationMinutes: 60, type: 'group' });
const supportOf = (ctx: Context) => created(ctx, '/api/v1/capacity/support', { organisationId: ctx.orgId, category: 'it', description: marker(ctx), value: 100, currency: 'GEL' });

const mentoringBody = (ctx: Context) => ({ organisationId: ctx.orgId, heldOn: '2026-03-02', format: 'phone', durationMinutes: 30 });
const profileBody = { mission: 'm', targetGroups: [], staff: { women: 1, men: 1, volunteersWomen: 0, volunteersMen: 0 } };

function listRow(route: string, seed: (ctx: Context) => Promise<unknown>, url: (ctx: Context) => string): Row {
  return {
    route,
    targets: ['demoCso', 'other'],
    expect: readList,
    send: async (c: Client, ctx: Context) => {
      await seed(ctx);
      return c.get(url(ctx));
    },
    marker,
  };
}

const perCso = (route: string, path: string): Row => ({
  route,
  targets: ['demoCso', 'other'],
  expect: readOne(200),
  send: (c, ctx) => c.get(`/api/v1/capacity/organisations/${ctx.orgId}/${path}`),
});

export const rows: Row[] = [
  { route: 'GET /api/v1/capacity/rounds', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/capacity/rounds') },
  {
    route: 'POST /api/v1/capacity/rounds',
    targets: ['none'],
    expect: (role) => (PROGRAMME_STAFF.includes(role) ? 201 : 403),
    send: (c) => c.post('/api/v1/capacity/rounds', { kind: 'endline', nameKa: 'ბოლო', nameEn: 'End', startsOn: '2027-01-01', endsOn: '2027-02-01' }),
  },
  {
    route: 'PATCH /api/v1/capacity/rounds/:id',
    targets: ['none'],
    expect: (role) => (PROGRAMME_STAFF.includes(role) ? 200 : 403),
    send: async (c, ctx) => c.patch(`/api/v1/capacity/rounds/${await newRound(ctx)}`, { nameEn: 'Renamed', version: 1 }),
  },

  listRow('GET /api/v1/capacity/assessments', assessmentOf, () => '/api/v1/capacity/assessments?pageSize=200&sort=round&dir=desc'),
  {
    ...listRow('GET /api/v1/capacity/assessments/export', assessmentOf, () => '/api/v1/capacity/assessments/export?format=csv'),
    marker: undefined,
  },
  {
    route: 'POST /api/v1/capacity/assessments',
    targets: ['demoCso', 'other'],
    expect: writeBy(ASSESSORS, 201),
    send: async (c, ctx) => c.post('/api/v1/capacity/assessments', { organisationId: ctx.orgId, roundId: await newRound(ctx) }),
  },
  { route: 'GET /api/v1/capacity/assessments/:id', targets: ['demoCso', 'other'], expect: readOne(200), send: async (c, ctx) => c.get(`/api/v1/capacity/assessments/${(await assessmentOf(ctx)).id}`) },
  {
    route: 'PATCH /api/v1/capacity/assessments/:id',
    targets: ['demoCso', 'other'],
    expect: writeBy(ASSESSORS, 200),
    send: async (c, ctx) => {
      const { id, version } = await assessmentOf(ctx);
      return c.patch(`/api/v1/capacity/assessments/${id}`, { participants: 'All staff', version });
    },
  },
  {
    route: 'POST /api/v1/capacity/assessments/:id/ratings',
    targets: ['demoCso', 'other'],
    expect: writeBy(ASSESSORS, 201),
    send: async (c, ctx) => c.post(`/api/v1/capacity/assessments/${(await assessmentOf(ctx)).id}/ratings`, { raterName: 'Rater' }),
  },
  // Allowed callers reach the state check (409: no submitted rater yet / no consensus / not final).
  {
    route: 'POST /api/v1/capacity/assessments/:id/consensus',
    targets: ['demoCso', 'other'],
    expect: writeBy(ASSESSORS, 409),
    send: async (c, ctx) => c.post(`/api/v1/capacity/assessments/${(await assessmentOf(ctx)).id}/consensus`),
  },
  {
    route: 'POST /api/v1/capacity/assessments/:id/finalise',
    targets: ['demoCso', 'other'],
    expect: writeBy(ASSESSORS, 409),
    send: async (c, ctx) => {
      const { id, version } = await assessmentOf(ctx);
      return c.post(`/api/v1/capacity/assessments/${id}/finalise`, { version });
    },
  },
  {
    route: 'GET /api/v1/capacity/assessments/:id/plan-preview',
    targets: ['demoCso', 'other'],
    expect: writeBy(ASSESSORS, 409),
    send: async (c, ctx) => c.get(`/api/v1/capacity/assessments/${(await assessmentOf(ctx)).id}/plan-preview`),
  },
  {
    route: 'POST /api/v1/capacity/assessments/:id/plan',
    targets: ['demoCso', 'other'],
    expect: writeBy(ASSESSORS, 409),
    send: async (c, ctx) => c.post(`/api/v1/capacity/assessments/${(await assessmentOf(ctx)).id}/plan`),
  },

  perCso('GET /api/v1/capacity/organisations/:organisationId/results', 'results'),
  perCso('GET /api/v1/capacity/organisations/:organisationId/plan-progress', 'plan-progress'),
  perCso('GET /api/v1/capacity/organisations/:organisationId/profile', 'profile'),
  // The responsible-user picker: for those who may change the CSO's plan.
  { route: 'GET /api/v1/capacity/organisations/:organisationId/plan-responsibles', targets: ['demoCso', 'other'], expect: writeBy(ASSESSORS, 200), send: (c, ctx) => c.get(`/api/v1/capacity/organisations/${ctx.orgId}/plan-responsibles`) },
  // The supervisor and supervisee pickers: for those who may record the CSO's supervision.
  { route: 'GET /api/v1/capacity/organisations/:organisationId/supervision-people', targets: ['demoCso', 'other'], expect: writeBy(ASSESSORS, 200), send: (c, ctx) => c.get(`/api/v1/capacity/organisations/${ctx.orgId}/supervision-people`) },
  perCso('GET /api/v1/capacity/organisations/:organisationId/report', 'report'),
  perCso('GET /api/v1/capacity/organisations/:organisationId/documents', 'documents'),
  { route: 'POST /api/v1/capacity/organisations/:organisationId/documents', targets: ['demoCso', 'other'], expect: writeBy(PROFILE_EDITORS, 201), send: (c, ctx) => uploadDocument(c, ctx.orgId) },
  { route: 'GET /api/v1/capacity/documents/:id', targets: ['demoCso', 'other'], expect: readOne(200), send: async (c, ctx) => c.get(`/api/v1/capacity/documents/${await documentOf(ctx)}`) },
  { route: 'DELETE /api/v1/capacity/documents/:id', targets: ['demoCso', 'other'], expect: writeBy(PROFILE_EDITORS, 204), send: async (c, ctx) => c.request('DELETE', `/api/v1/capacity/documents/${await documentOf(ctx)}`) },
  perCso('GET /api/v1/capacity/organisations/:organisationId/report.pdf', 'report.pdf?lang=en'),
  {
    route: 'PUT /api/v1/capacity/organisations/:organisationId/profile',
    targets: ['demoCso', 'other'],
    expect: writeBy(PROFILE_EDITORS, 200),
    send: async (c, ctx) => {
      const { version } = (await ctx.admin.get(`/api/v1/capacity/organisations/${ctx.orgId}/profile`)).json();
      return c.request('PUT', `/api/v1/capacity/organisations/${ctx.orgId}/profile`, { ...profileBody, version });
    },
  },

  listRow('GET /api/v1/capacity/plan-actions', planActionOf, () => '/api/v1/capacity/plan-actions?pageSize=200&sort=status'),
  listRow('GET /api/v1/capacity/plan-actions/export', planActionOf, () => '/api/v1/capacity/plan-actions/export?format=csv'),
  {
    route: 'POST /api/v1/capacity/plan-actions',
    targets: ['demoCso', 'other'],
    expect: writeBy(ASSESSORS, 201),
    send: (c, ctx) => c.post('/api/v1/capacity/plan-actions', { organisationId: ctx.orgId, subArea: 'hr_staffing', action: 'Hire' }),
  },
  {
    route: 'PATCH /api/v1/capacity/plan-actions/:id',
    targets: ['demoCso', 'other'],
    expect: writeBy(ASSESSORS, 200),
    send: async (c, ctx) => {
      const { id, version } = await planActionOf(ctx);
      return c.patch(`/api/v1/capacity/plan-actions/${id}`, { status: 'in_progress', version });
    },
  },

  {
    route: 'DELETE /api/v1/capacity/plan-actions/:id',
    targets: ['demoCso', 'other'],
    expect: writeBy(ASSESSORS, 204),
    send: async (c, ctx) => c.request('DELETE', `/api/v1/capacity/plan-actions/${(await planActionOf(ctx)).id}`),
  },

  listRow('GET /api/v1/capacity/mentoring', mentoringOf, () => '/api/v1/capacity/mentoring?pageSize=200'),
  listRow('GET /api/v1/capacity/mentoring/export', mentoringOf, () => '/api/v1/capacity/mentoring/export?format=csv'),
  { route: 'POST /api/v1/capacity/mentoring', targets: ['demoCso', 'other'], expect: writeBy(MENTORING, 201), send: (c, ctx) => c.post('/api/v1/capacity/mentoring', mentoringBody(ctx)) },
  {
    route: 'PATCH /api/v1/capacity/mentoring/:id',
    targets: ['demoCso', 'other'],
    expect: writeBy(MENTORING, 200),
    send: async (c, ctx) => {
      const { id, version } = await mentoringOf(ctx);
      return c.patch(`/api/v1/capacity/mentoring/${id}`, { notes: 'follow up', version });
    },
  },
  { route: 'DELETE /api/v1/capacity/mentoring/:id', targets: ['demoCso', 'other'], expect: writeBy(MENTORING, 204), send: async (c, ctx) => c.request('DELETE', `/api/v1/capacity/mentoring/${(await mentoringOf(ctx)).id}`) },

  listRow('GET /api/v1/capacity/supervision', supervisionOf, () => '/api/v1/capacity/supervision?pageSize=200'),
  listRow('GET /api/v1/capacity/supervision/export', supervisionOf, () => '/api/v1/capacity/supervision/export?format=csv'),
  listRow('GET /api/v1/capacity/supervision/hours', supervisionOf, () => '/api/v1/capacity/supervision/hours'),
  {
    route: 'POST /api/v1/capacity/supervision',
    targets: ['demoCso', 'other'],
    expect: writeBy(ASSESSORS, 201),
    send: (c, ctx) => c.post('/api/v1/capacity/supervision', { organisationId: ctx.orgId, supervisor: 'S', supervisee: 'E', heldOn: '2026-03-01', durationMinutes: 45, type: 'case_consultation' }),
  },
  {
    route: 'PATCH /api/v1/capacity/supervision/:id',
    targets: ['demoCso', 'other'],
    expect: writeBy(ASSESSORS, 200),
    send: async (c, ctx) => {
      const { id, version } = await supervisionOf(ctx);
      return c.patch(`/api/v1/capacity/supervision/${id}`, { durationMinutes: 75, version });
    },
  },
  { route: 'DELETE /api/v1/capacity/supervision/:id', targets: ['demoCso', 'other'], expect: writeBy(ASSESSORS, 204), send: async (c, ctx) => c.request('DELETE', `/api/v1/capacity/supervision/${(await supervisionOf(ctx)).id}`) },

  listRow('GET /api/v1/capacity/support', supportOf, () => '/api/v1/capacity/support?pageSize=200'),
  listRow('GET /api/v1/capacity/support/export', supportOf, () => '/api/v1/capacity/support/export?format=csv'),
  {
    route: 'GET /api/v1/capacity/support/totals',
    targets: ['demoCso', 'other'],
    expect: readOne(200),
    send: async (c, ctx) => {
      await supportOf(ctx);
      return c.get(`/api/v1/capacity/support/totals?organisationId=${ctx.orgId}`);
    },
  },
  {
    route: 'POST /api/v1/capacity/support',
    targets: ['demoCso', 'other'],
    expect: (role) => (PROGRAMME_STAFF.includes(role) ? 201 : 403),
    send: (c, ctx) => c.post('/api/v1/capacity/support', { organisationId: ctx.orgId, category: 'vehicle', description: 'Van', value: 20000, currency: 'EUR' }),
  },
  { route: 'DELETE /api/v1/capacity/support/:id', targets: ['demoCso', 'other'], expect: writeBy(PROGRAMME_STAFF, 204), send: async (c, ctx) => c.request('DELETE', `/api/v1/capacity/support/${(await supportOf(ctx)).id}`) },

  { route: 'GET /api/v1/capacity/portfolio', targets: ['none'], expect: (role) => (READERS.includes(role) ? 200 : 403), send: (c) => c.get('/api/v1/capacity/portfolio') },
  { route: 'GET /api/v1/capacity/aggregates', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/capacity/aggregates') },
  { route: 'GET /api/v1/capacity/portfolio/export', targets: ['none'], expect: (role) => (READERS.includes(role) ? 200 : 403), send: (c) => c.get('/api/v1/capacity/portfolio/export?format=xlsx') },
  { route: 'GET /api/v1/capacity/aggregates/export', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/capacity/aggregates/export?format=csv&by=municipality') },
];
