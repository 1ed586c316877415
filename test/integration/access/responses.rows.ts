import { randomUUID } from 'node:crypto';
import type { Client, DemoRole } from '../../support/app';
import { multipartFile } from '../../support/app';
import { FILLS_ALL, fillScoped, publishedInstrument, scopedListOf, wgId, type Context, type Expectation, type Row, type Target } from './support';

/** One instrument about an organisation (a survey), published once and shared by these rows. */
let surveyInstrument: Promise<string> | undefined;
const surveyId = (ctx: Context) => (surveyInstrument ??= publishedInstrument(ctx));

/** A form about the target organisation, started by the admin (who may write everywhere). */
async function responseOf(ctx: Context, submitted = false): Promise<{ id: string; version: number }> {
  const started = (await ctx.admin.post('/api/v1/responses', { instrumentId: await surveyId(ctx), organisationId: ctx.orgId, label: 'matrix' })).json().response;
  if (!submitted) return { id: started.id, version: started.version };
  const done = (await ctx.admin.post(`/api/v1/responses/${started.id}/submit`, { answers: ANSWERS, version: started.version })).json().response;
  return { id: done.id, version: done.version };
}
const ANSWERS = { n: 3 };

/** One instrument with a file question, published once and shared by the attachment rows. */
let withFileQuestion: Promise<string> | undefined;
function fileInstrument(ctx: Context): Promise<string> {
  withFileQuestion ??= (async () => {
    const created = (await ctx.admin.post('/api/v1/instruments', { code: 'matrix_files', purpose: 'survey', titleKa: 'ფაილი', titleEn: 'File' })).json();
    const definition = { items: [{ kind: 'question', type: 'file', name: 'doc', label: { ka: 'დოკუმენტი', en: 'Document' } }], choiceLists: {}, settings: {} };
    const draft = (await ctx.admin.request('PUT', `/api/v1/instruments/${created.id}/draft`, { definition, version: 1 })).json();
    await ctx.admin.post(`/api/v1/instruments/${created.id}/publish`, { version: draft.version });
    return created.id as string;
  })();
  return withFileQuestion;
}

async function fileResponseOf(ctx: Context): Promise<string> {
  return (await ctx.admin.post('/api/v1/responses', { instrumentId: await fileInstrument(ctx), organisationId: ctx.orgId })).json().response.id;
}

function uploadTo(client: Client, responseId: string) {
  const { payload, contentType } = multipartFile(Buffer.from('minutes of the visit'), 'visit.txt', 'text/plain');
  return client.raw({ method: 'POST', url: `/api/v1/responses/${responseId}/attachments?question=doc`, payload, headers: { 'content-type': contentType } });
}

/**
 * A Washington Group screening (about a person) at the target organisation, started by a new
 * manager of that organisation: only the CSO that serves the person reads it.
 */
async function screeningAt(ctx: Context): Promise<string> {
  const manager = await ctx.loginAsNew('cso_manager');
  const instrumentId = (await ctx.admin.get('/api/v1/instruments?q=wg_ss')).json().items[0].id;
  const started = await manager.post('/api/v1/responses', { instrumentId, organisationId: ctx.orgId });
  if (started.statusCode !== 201) throw new Error(started.body);
  return started.json().response.id;
}
/** Personal data: the serving CSO's own staff; everyone else 404 (the donor has no response access: 403). */
const personal = (role: DemoRole, target: Target): Expectation =>
  role === 'viewer' ? 403 : target === 'demoCso' && (role === 'cso_manager' || role === 'case_worker') ? 200 : 404;

/**
 * Where a caller is offered a form about the organisation itself (a survey) to fill in: where its
 * save is accepted, their write scope (never the donor; a monitor only for their city hall, not
 * the CSOs they read).
 */
const offeredSurvey = (role: DemoRole, target: Target): Expectation => {
  if (role === 'viewer') return 403;
  if (FILLS_ALL.includes(role) || target === 'own') return 'listed';
  return target === 'demoCso' && role !== 'municipal_monitor' ? 'listed' : 'unlisted';
};
/**
 * Where a caller is offered a screening (about a person): only where they see the organisation's
 * people, its CSO staff; not programme staff, mentors, nor a monitor for their own city hall.
 */
const offeredScreening = (role: DemoRole, target: Target): Expectation => {
  if (role === 'viewer') return 403;
  return (role === 'cso_manager' || role === 'case_worker') && target !== 'other' ? 'listed' : 'unlisted';
};
const offerRow = (route: string, instrument: (ctx: Context) => Promise<string>, expect: Row['expect'], path: (id: string) => string): Row => ({
  route,
  targets: ['own', 'demoCso', 'other'],
  expect,
  send: async (c, ctx) => c.get(path(await instrument(ctx))),
  marker: (ctx) => ctx.orgId,
});

export const rows: Row[] = [
  {
    route: 'GET /api/v1/responses/:id',
    targets: ['demoCso', 'other'],
    expect: personal,
    send: async (c, ctx) => c.get(`/api/v1/responses/${await screeningAt(ctx)}`),
  },
  {
    route: 'GET /api/v1/responses',
    targets: ['demoCso', 'other'],
    expect: (role, target) => (role === 'viewer' ? 403 : personal(role, target) === 200 ? 'listed' : 'unlisted'),
    send: async (c, ctx) => {
      await screeningAt(ctx);
      return c.get('/api/v1/responses?pageSize=200&subjectType=person');
    },
    marker: (ctx) => ctx.orgId,
  },
  {
    route: 'PATCH /api/v1/responses/:id',
    targets: ['demoCso', 'other'],
    expect: personal,
    send: async (c, ctx) => {
      const id = await screeningAt(ctx);
      return c.patch(`/api/v1/responses/${id}`, { answers: { seeing: '2' }, version: 1 });
    },
  },
  {
    route: 'GET /api/v1/responses',
    targets: ['own', 'other'],
    expect: (role, target) => (role === 'viewer' ? 403 : scopedListOf(FILLS_ALL)(role, target)),
    send: async (c, ctx) => {
      await responseOf(ctx);
      return c.get('/api/v1/responses?pageSize=200');
    },
    marker: (ctx) => ctx.orgId,
  },
  {
    route: 'GET /api/v1/responses/export',
    targets: ['own', 'other'],
    expect: (role, target) => (role === 'viewer' ? 403 : scopedListOf(FILLS_ALL)(role, target)),
    send: async (c, ctx) => {
      await responseOf(ctx);
      return c.get('/api/v1/responses/export?format=csv');
    },
  },
  {
    route: 'POST /api/v1/responses',
    targets: ['own', 'other'],
    expect: fillScoped(201),
    send: async (c, ctx) => c.post('/api/v1/responses', { instrumentId: await surveyId(ctx), organisationId: ctx.orgId }),
  },
  { route: 'GET /api/v1/responses/:id', targets: ['own', 'other'], expect: fillScoped(200), send: async (c, ctx) => c.get(`/api/v1/responses/${(await responseOf(ctx)).id}`) },
  {
    // A form sent from a device under its own id: created where the caller may fill in, 404 elsewhere.
    route: 'PUT /api/v1/responses/:id',
    targets: ['own', 'other'],
    expect: fillScoped(201),
    send: async (c, ctx) => {
      const pack = (await ctx.admin.get(`/api/v1/instruments/${await surveyId(ctx)}/offline`)).json();
      return c.request('PUT', `/api/v1/responses/${randomUUID()}`, { instrumentVersionId: pack.version.id, organisationId: ctx.orgId });
    },
  },
  {
    // What a device keeps to fill in offline: for those who fill in forms; the list inside is their write scope.
    route: 'GET /api/v1/instruments/:id/offline',
    targets: ['none'],
    expect: (role) => (role === 'viewer' ? 403 : 200),
    send: async (c, ctx) => c.get(`/api/v1/instruments/${await surveyId(ctx)}/offline`),
  },
  // The organisations inside the pack: where saving each form would be accepted.
  offerRow('GET /api/v1/instruments/:id/offline', surveyId, offeredSurvey, (id) => `/api/v1/instruments/${id}/offline`),
  offerRow('GET /api/v1/instruments/:id/offline', wgId, offeredScreening, (id) => `/api/v1/instruments/${id}/offline`),
  // The fill-in picker's organisations: the same as the offline pack's.
  offerRow('GET /api/v1/instruments/:id/fill-organisations', surveyId, offeredSurvey, (id) => `/api/v1/instruments/${id}/fill-organisations`),
  offerRow('GET /api/v1/instruments/:id/fill-organisations', wgId, offeredScreening, (id) => `/api/v1/instruments/${id}/fill-organisations`),
  {
    route: 'PATCH /api/v1/responses/:id',
    targets: ['own', 'other'],
    expect: fillScoped(200),
    send: async (c, ctx) => {
      const { id, version } = await responseOf(ctx);
      return c.patch(`/api/v1/responses/${id}`, { answers: { n: 2 }, version });
    },
  },
  {
    route: 'POST /api/v1/responses/:id/submit',
    targets: ['own', 'other'],
    expect: fillScoped(200),
    send: async (c, ctx) => {
      const { id, version } = await responseOf(ctx);
      return c.post(`/api/v1/responses/${id}/submit`, { answers: ANSWERS, version });
    },
  },
  {
    route: 'POST /api/v1/responses/:id/amend',
    targets: ['own', 'other'],
    expect: fillScoped(200),
    send: async (c, ctx) => {
      const { id, version } = await responseOf(ctx, true);
      return c.post(`/api/v1/responses/${id}/amend`, { answers: { n: 4 }, version, reason: 'typo' });
    },
  },
  {
    route: 'POST /api/v1/responses/:id/attachments',
    targets: ['own', 'other'],
    expect: fillScoped(201),
    send: async (c, ctx) => uploadTo(c, await fileResponseOf(ctx)),
  },
  {
    route: 'GET /api/v1/responses/:id/attachments',
    targets: ['own', 'other'],
    expect: fillScoped(200),
    send: async (c, ctx) => c.get(`/api/v1/responses/${await fileResponseOf(ctx)}/attachments`),
  },
  {
    route: 'GET /api/v1/attachments/:id',
    targets: ['own', 'other'],
    expect: fillScoped(200),
    send: async (c, ctx) => c.get(`/api/v1/attachments/${(await uploadTo(ctx.admin, await fileResponseOf(ctx))).json().id}`),
  },
  {
    // Drafts are deleted by whoever started them: each role starts its own at the target (where it may fill in).
    route: 'DELETE /api/v1/responses/:id',
    targets: ['own', 'other'],
    expect: fillScoped(204),
    send: async (c, ctx) => {
      const mine = await c.post('/api/v1/responses', { instrumentId: await surveyId(ctx), organisationId: ctx.orgId });
      const id = mine.statusCode === 201 ? mine.json().response.id : (await responseOf(ctx)).id;
      return c.request('DELETE', `/api/v1/responses/${id}`);
    },
  },
];
