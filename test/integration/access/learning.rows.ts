import { multipartFile, type Client, type DemoRole } from '../../support/app';
import { everyone, unique, type Context, type Expectation, type Row, type Target } from './support';

// Learning: the catalogue and live-training events are programme-wide (everyone signed in reads
// them, consortium staff author them); the staff register follows the organisation scope; a
// learner's progress, tests and certificates are seen by the learner, their CSO's manager and
// programme staff only. Targets: the demo CSO (the CSO staff's own, the mentor's assigned one, in
// the monitor's municipality) and a Batumi CSO nobody but programme staff reaches.

const PROGRAMME_STAFF: DemoRole[] = ['admin', 'programme_manager'];
const REGISTER_READERS: DemoRole[] = [...PROGRAMME_STAFF, 'mentor', 'cso_manager', 'case_worker'];
const REGISTER_KEEPERS: DemoRole[] = [...PROGRAMME_STAFF, 'cso_manager'];
const marker = (ctx: Context) => `matrix-${ctx.orgId}`;

const author = (success: number) => (role: DemoRole): Expectation => (PROGRAMME_STAFF.includes(role) ? success : 403);
/** Whether `role` reaches `target` for reading the register (organisation scope). */
const readsRegister = (role: DemoRole, target: Target) => PROGRAMME_STAFF.includes(role) || target === 'demoCso';
const registerList = (role: DemoRole, target: Target): Expectation => (!REGISTER_READERS.includes(role) ? 403 : readsRegister(role, target) ? 'listed' : 'unlisted');
const registerOne = (role: DemoRole, target: Target): Expectation => (!REGISTER_READERS.includes(role) ? 403 : readsRegister(role, target) ? 200 : 404);
const keepRegister = (success: number) => (role: DemoRole, target: Target): Expectation =>
  !REGISTER_KEEPERS.includes(role) ? 403 : PROGRAMME_STAFF.includes(role) || target === 'demoCso' ? success : 404;
/** A learner's records: programme staff everywhere, the CSO's manager at home; nobody else (the learner is never a demo user here). */
const followsProgress = (role: DemoRole, target: Target) => PROGRAMME_STAFF.includes(role) || (role === 'cso_manager' && target === 'demoCso');
const progressOne = (success: number) => (role: DemoRole, target: Target): Expectation => (followsProgress(role, target) ? success : 404);
const progressList = (role: DemoRole, target: Target): Expectation => (followsProgress(role, target) ? 'listed' : 'unlisted');
const progressWrite = (success: number) => (role: DemoRole, target: Target): Expectation => (role === 'viewer' ? 403 : followsProgress(role, target) ? success : 404);

async function ok<T>(response: Promise<{ statusCode: number; body: string; json(): unknown }>, status: number, what: string): Promise<T> {
  const r = await response;
  if (r.statusCode !== status) throw new Error(`${what}: ${r.statusCode} ${r.body}`);
  return r.json() as T;
}

interface Shared {
  packageId: string;
  moduleId: string;
  lessonId: string;
  testModuleId: string;
  /** A module other rows never add lessons to: certificates need every lesson finished. */
  certModuleId: string;
  certLessonId: string;
  trainingId: string;
}
let shared: Promise<Shared> | undefined;

/** One published package with a module (one lesson, no test), a module with a test, and a planned training. */
function catalogue(ctx: Context): Promise<Shared> {
  shared ??= (async () => {
    const admin = ctx.admin;
    const pkg = await ok<{ id: string }>(admin.post('/api/v1/learning/packages', { code: `matrix_${unique()}`, titleKa: 'პაკეტი', titleEn: 'Package', published: true }), 201, 'package');
    const mod = await ok<{ id: string }>(admin.post('/api/v1/learning/modules', { packageId: pkg.id, code: `matrix_${unique()}`, titleKa: 'მოდული', titleEn: 'Module', published: true }), 201, 'module');
    const lesson = await ok<{ id: string; version: number }>(admin.post(`/api/v1/learning/modules/${mod.id}/lessons`, { titleKa: 'გაკვეთილი', titleEn: 'Lesson', bodyKa: 'ტექსტი' }), 201, 'lesson');
    await ok(admin.post(`/api/v1/learning/lessons/${lesson.id}/publish`, { version: lesson.version }), 200, 'publish');
    const instrument = await ok<{ id: string }>(admin.post('/api/v1/instruments', { code: `matrix_test_${unique()}`, purpose: 'test', titleKa: 'ტესტი', titleEn: 'Test' }), 201, 'test');
    const draft = await ok<{ version: number }>(
      admin.request('PUT', `/api/v1/instruments/${instrument.id}/draft`, { definition: { items: [{ kind: 'question', type: 'integer', name: 'n', label: { ka: 'რიცხვი', en: 'Number' }, required: true }], choiceLists: {}, settings: {} }, version: 1 }),
      200,
      'draft',
    );
    await ok(admin.post(`/api/v1/instruments/${instrument.id}/publish`, { version: draft.version }), 200, 'publish test');
    const testModule = await ok<{ id: string }>(admin.post('/api/v1/learning/modules', { packageId: pkg.id, code: `matrix_${unique()}`, titleKa: 'ტესტიანი', titleEn: 'With test', testInstrumentId: instrument.id, published: true }), 201, 'test module');
    const certModule = await ok<{ id: string }>(admin.post('/api/v1/learning/modules', { packageId: pkg.id, code: `matrix_${unique()}`, titleKa: 'სერტიფიკატი', titleEn: 'Certified', published: true }), 201, 'module');
    const certLesson = await ok<{ id: string; version: number }>(admin.post(`/api/v1/learning/modules/${certModule.id}/lessons`, { titleKa: 'გაკვეთილი', titleEn: 'Lesson', bodyKa: 'ტექსტი' }), 201, 'lesson');
    await ok(admin.post(`/api/v1/learning/lessons/${certLesson.id}/publish`, { version: certLesson.version }), 200, 'publish');
    const training = await ok<{ id: string }>(admin.post('/api/v1/learning/trainings', { moduleId: mod.id, titleKa: 'ტრენინგი', titleEn: 'Training', days: ['2026-05-01'], online: true }), 201, 'training');
    return { packageId: pkg.id, moduleId: mod.id, lessonId: lesson.id, testModuleId: testModule.id, certModuleId: certModule.id, certLessonId: certLesson.id, trainingId: training.id };
  })();
  return shared;
}

const staffOf = (ctx: Context) =>
  ok<{ id: string; version: number }>(ctx.admin.post('/api/v1/learning/staff', { organisationId: ctx.orgId, givenName: 'Matrix', surname: marker(ctx), sex: 'female', birthYear: 1990 }), 201, 'staff');

async function enrolmentOf(ctx: Context, moduleKey: 'moduleId' | 'testModuleId' | 'certModuleId' = 'moduleId'): Promise<{ id: string; lessonId: string }> {
  const c = await catalogue(ctx);
  const person = await staffOf(ctx);
  const e = await ok<{ id: string }>(ctx.admin.post('/api/v1/learning/enrolments', { moduleId: c[moduleKey], staffId: person.id }), 201, 'enrolment');
  return { id: e.id, lessonId: moduleKey === 'certModuleId' ? c.certLessonId : c.lessonId };
}

async function certificateOf(ctx: Context): Promise<{ id: string; code: string }> {
  const e = await enrolmentOf(ctx, 'certModuleId');
  await ok(ctx.admin.post(`/api/v1/learning/enrolments/${e.id}/lessons/${e.lessonId}`, { completed: true }), 200, 'progress');
  const done = await ok<{ certificateId: string }>(ctx.admin.post(`/api/v1/learning/enrolments/${e.id}/complete`), 200, 'complete');
  const list = await ok<{ items: { id: string; code: string }[] }>(ctx.admin.get('/api/v1/learning/certificates?pageSize=200'), 200, 'certificates');
  return list.items.find((c) => c.id === done.certificateId)!;
}

async function freshPackage(ctx: Context) {
  return ok<{ id: string; version: number }>(ctx.admin.post('/api/v1/learning/packages', { code: `matrix_${unique()}`, titleKa: 'პ', titleEn: 'P' }), 201, 'package');
}
async function freshLesson(ctx: Context) {
  const c = await catalogue(ctx);
  return ok<{ id: string; version: number }>(ctx.admin.post(`/api/v1/learning/modules/${c.moduleId}/lessons`, { titleKa: 'გ', titleEn: 'L', bodyKa: 'ტექსტი' }), 201, 'lesson');
}
async function freshTraining(ctx: Context) {
  const c = await catalogue(ctx);
  return ok<{ id: string; version: number }>(ctx.admin.post('/api/v1/learning/trainings', { moduleId: c.moduleId, titleKa: 'ტ', titleEn: 'T', days: ['2026-06-01', '2026-06-02'], online: true }), 201, 'training');
}

/** A fresh training with the built-in satisfaction survey. */
async function surveyedTraining(ctx: Context) {
  const c = await catalogue(ctx);
  const surveys = await ok<{ items: { id: string; code: string }[] }>(ctx.admin.get('/api/v1/instruments?pageSize=50&purpose=survey&q=training_satisfaction'), 200, 'surveys');
  const surveyInstrumentId = surveys.items.find((i) => i.code === 'training_satisfaction')!.id;
  return ok<{ id: string }>(ctx.admin.post('/api/v1/learning/trainings', { moduleId: c.moduleId, titleKa: 'ტ', titleEn: 'T', days: ['2026-06-01'], online: true, surveyInstrumentId }), 201, 'training');
}

function listRow(route: string, seed: (ctx: Context) => Promise<unknown>, url: string, expect: Row['expect']): Row {
  return {
    route,
    targets: ['demoCso', 'other'],
    expect,
    send: async (c: Client, ctx: Context) => {
      await seed(ctx);
      return c.get(url);
    },
    marker,
  };
}

export const rows: Row[] = [
  // ---- catalogue
  { route: 'GET /api/v1/learning/packages', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/learning/packages') },
  { route: 'POST /api/v1/learning/packages', targets: ['none'], expect: author(201), send: (c) => c.post('/api/v1/learning/packages', { code: `matrix_${unique()}`, titleKa: 'ა', titleEn: 'A' }) },
  {
    route: 'PATCH /api/v1/learning/packages/:id',
    targets: ['none'],
    expect: author(200),
    send: async (c, ctx) => {
      const p = await freshPackage(ctx);
      return c.patch(`/api/v1/learning/packages/${p.id}`, { titleEn: 'Changed', version: p.version });
    },
  },
  {
    route: 'POST /api/v1/learning/modules',
    targets: ['none'],
    expect: author(201),
    send: async (c, ctx) => c.post('/api/v1/learning/modules', { packageId: (await catalogue(ctx)).packageId, code: `matrix_${unique()}`, titleKa: 'მ', titleEn: 'M' }),
  },
  { route: 'GET /api/v1/learning/modules/:id', targets: ['none'], expect: everyone(200), send: async (c, ctx) => c.get(`/api/v1/learning/modules/${(await catalogue(ctx)).moduleId}`) },
  {
    route: 'PATCH /api/v1/learning/modules/:id',
    targets: ['none'],
    expect: author(200),
    send: async (c, ctx) => {
      const m = await ok<{ id: string; version: number }>(ctx.admin.post('/api/v1/learning/modules', { packageId: (await catalogue(ctx)).packageId, code: `matrix_${unique()}`, titleKa: 'მ', titleEn: 'M' }), 201, 'module');
      return c.patch(`/api/v1/learning/modules/${m.id}`, { hours: 3, version: m.version });
    },
  },
  {
    route: 'POST /api/v1/learning/modules/:id/lessons',
    targets: ['none'],
    expect: author(201),
    send: async (c, ctx) => c.post(`/api/v1/learning/modules/${(await catalogue(ctx)).moduleId}/lessons`, { titleKa: 'გ', titleEn: 'L' }),
  },
  { route: 'GET /api/v1/learning/lessons/:id', targets: ['none'], expect: everyone(200), send: async (c, ctx) => c.get(`/api/v1/learning/lessons/${(await catalogue(ctx)).lessonId}`) },
  {
    route: 'PATCH /api/v1/learning/lessons/:id',
    targets: ['none'],
    expect: author(200),
    send: async (c, ctx) => {
      const l = await freshLesson(ctx);
      return c.patch(`/api/v1/learning/lessons/${l.id}`, { bodyEn: 'Text', version: l.version });
    },
  },
  {
    route: 'POST /api/v1/learning/lessons/:id/publish',
    targets: ['none'],
    expect: author(200),
    send: async (c, ctx) => {
      const l = await freshLesson(ctx);
      return c.post(`/api/v1/learning/lessons/${l.id}/publish`, { version: l.version });
    },
  },

  {
    route: 'POST /api/v1/learning/lessons/:id/files',
    targets: ['none'],
    expect: author(201),
    send: async (c, ctx) => {
      const body = multipartFile(Buffer.from('%PDF-1.4\n%%EOF\n'), 'matrix.pdf', 'application/pdf');
      return c.raw({ method: 'POST', url: `/api/v1/learning/lessons/${(await catalogue(ctx)).lessonId}/files`, payload: body.payload, headers: { 'content-type': body.contentType } });
    },
  },
  {
    route: 'GET /api/v1/learning/files/:id',
    targets: ['none'],
    expect: everyone(200),
    send: async (c, ctx) => {
      const body = multipartFile(Buffer.from('%PDF-1.4\n%%EOF\n'), 'matrix.pdf', 'application/pdf');
      const stored = await ok<{ id: string }>(ctx.admin.raw({ method: 'POST', url: `/api/v1/learning/lessons/${(await catalogue(ctx)).lessonId}/files`, payload: body.payload, headers: { 'content-type': body.contentType } }), 201, 'file');
      return c.get(`/api/v1/learning/files/${stored.id}`);
    },
  },

  // ---- staff register
  listRow('GET /api/v1/learning/staff', staffOf, '/api/v1/learning/staff?pageSize=200&sort=createdAt&dir=desc', registerList),
  listRow('GET /api/v1/learning/staff/export', staffOf, '/api/v1/learning/staff/export?format=csv', registerList),
  {
    route: 'POST /api/v1/learning/staff',
    targets: ['demoCso', 'other'],
    expect: keepRegister(201),
    send: (c, ctx) => c.post('/api/v1/learning/staff', { organisationId: ctx.orgId, givenName: 'New', surname: 'Person', sex: 'male' }),
  },
  {
    // The logins a keeper may link an entry to: the organisations they keep the register of.
    route: 'GET /api/v1/learning/staff/logins',
    targets: ['demoCso', 'other'],
    expect: keepRegister(200),
    send: (c, ctx) => c.get(`/api/v1/learning/staff/logins?organisationId=${ctx.orgId}`),
  },
  { route: 'GET /api/v1/learning/staff/:id', targets: ['demoCso', 'other'], expect: registerOne, send: async (c, ctx) => c.get(`/api/v1/learning/staff/${(await staffOf(ctx)).id}`) },
  {
    route: 'PATCH /api/v1/learning/staff/:id',
    targets: ['demoCso', 'other'],
    expect: keepRegister(200),
    send: async (c, ctx) => {
      const s = await staffOf(ctx);
      return c.patch(`/api/v1/learning/staff/${s.id}`, { position: 'Coordinator', version: s.version });
    },
  },

  // ---- the learner
  { route: 'GET /api/v1/learning/me', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/learning/me') },
  {
    route: 'POST /api/v1/learning/me',
    targets: ['none'],
    expect: (role) => (role === 'viewer' ? 403 : 201),
    send: (c) => c.post('/api/v1/learning/me', { givenName: 'Self', surname: 'Registered', sex: 'female' }),
  },

  // ---- self-paced learning
  listRow('GET /api/v1/learning/enrolments', (ctx) => enrolmentOf(ctx), '/api/v1/learning/enrolments?pageSize=200', progressList),
  listRow('GET /api/v1/learning/enrolments/export', (ctx) => enrolmentOf(ctx), '/api/v1/learning/enrolments/export?format=csv', progressList),
  {
    route: 'POST /api/v1/learning/enrolments',
    targets: ['demoCso', 'other'],
    expect: progressWrite(201),
    send: async (c, ctx) => c.post('/api/v1/learning/enrolments', { moduleId: (await catalogue(ctx)).moduleId, staffId: (await staffOf(ctx)).id }),
  },
  { route: 'GET /api/v1/learning/enrolments/:id', targets: ['demoCso', 'other'], expect: progressOne(200), send: async (c, ctx) => c.get(`/api/v1/learning/enrolments/${(await enrolmentOf(ctx)).id}`) },
  {
    route: 'POST /api/v1/learning/enrolments/:id/lessons/:lessonId',
    targets: ['demoCso', 'other'],
    expect: progressWrite(200),
    send: async (c, ctx) => {
      const e = await enrolmentOf(ctx);
      return c.post(`/api/v1/learning/enrolments/${e.id}/lessons/${e.lessonId}`, { completed: true });
    },
  },
  {
    route: 'POST /api/v1/learning/enrolments/:id/test',
    targets: ['demoCso', 'other'],
    expect: progressWrite(200),
    send: async (c, ctx) => c.post(`/api/v1/learning/enrolments/${(await enrolmentOf(ctx, 'testModuleId')).id}/test`),
  },
  {
    route: 'POST /api/v1/learning/enrolments/:id/complete',
    targets: ['demoCso', 'other'],
    // No lesson finished yet: those who may complete it are told so (409).
    expect: progressWrite(409),
    send: async (c, ctx) => c.post(`/api/v1/learning/enrolments/${(await enrolmentOf(ctx)).id}/complete`),
  },

  // ---- live trainings
  { route: 'GET /api/v1/learning/trainings', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/learning/trainings') },
  {
    route: 'POST /api/v1/learning/trainings',
    targets: ['none'],
    expect: author(201),
    send: async (c, ctx) => c.post('/api/v1/learning/trainings', { moduleId: (await catalogue(ctx)).moduleId, titleKa: 'ტ', titleEn: 'T', days: ['2026-07-01'], online: true }),
  },
  { route: 'GET /api/v1/learning/trainings/:id', targets: ['none'], expect: everyone(200), send: async (c, ctx) => c.get(`/api/v1/learning/trainings/${(await catalogue(ctx)).trainingId}`) },
  {
    route: 'PATCH /api/v1/learning/trainings/:id',
    targets: ['none'],
    expect: author(200),
    send: async (c, ctx) => {
      const training = await freshTraining(ctx);
      return c.patch(`/api/v1/learning/trainings/${training.id}`, { venue: 'Online', version: training.version });
    },
  },
  {
    route: 'POST /api/v1/learning/trainings/:id/participants',
    targets: ['demoCso', 'other'],
    expect: author(201),
    send: async (c, ctx) => c.post(`/api/v1/learning/trainings/${(await freshTraining(ctx)).id}/participants`, { staffId: (await staffOf(ctx)).id }),
  },
  {
    route: 'PATCH /api/v1/learning/participants/:id',
    targets: ['demoCso', 'other'],
    expect: author(200),
    send: async (c, ctx) => {
      const training = await freshTraining(ctx);
      const detail = await ok<{ participants: { id: string; version: number }[] }>(ctx.admin.post(`/api/v1/learning/trainings/${training.id}/participants`, { staffId: (await staffOf(ctx)).id }), 201, 'participant');
      const p = detail.participants[0]!;
      return c.patch(`/api/v1/learning/participants/${p.id}`, { attendance: [true, true], preScore: 40, postScore: 80, version: p.version });
    },
  },
  // Survey results are counts over the training (small ones hidden): everyone who sees the event.
  { route: 'GET /api/v1/learning/trainings/:id/survey', targets: ['none'], expect: everyone(200), send: async (c, ctx) => c.get(`/api/v1/learning/trainings/${(await surveyedTraining(ctx)).id}/survey`) },
  {
    // A participant's survey: the participant, their CSO's manager and programme staff start it.
    route: 'POST /api/v1/learning/participants/:id/survey',
    targets: ['demoCso', 'other'],
    expect: progressWrite(200),
    send: async (c, ctx) => {
      const training = await surveyedTraining(ctx);
      const detail = await ok<{ participants: { id: string }[] }>(ctx.admin.post(`/api/v1/learning/trainings/${training.id}/participants`, { staffId: (await staffOf(ctx)).id }), 201, 'participant');
      return c.post(`/api/v1/learning/participants/${detail.participants[0]!.id}/survey`);
    },
  },
  {
    route: 'POST /api/v1/learning/trainings/:id/certificates',
    targets: ['none'],
    expect: author(200),
    send: async (c, ctx) => {
      const training = await freshTraining(ctx);
      await ok(ctx.admin.patch(`/api/v1/learning/trainings/${training.id}`, { status: 'completed', version: training.version }), 200, 'complete training');
      return c.post(`/api/v1/learning/trainings/${training.id}/certificates`);
    },
  },

  // ---- certificates
  listRow('GET /api/v1/learning/certificates', certificateOf, '/api/v1/learning/certificates?pageSize=200', progressList),
  listRow('GET /api/v1/learning/certificates/export', certificateOf, '/api/v1/learning/certificates/export?format=csv', progressList),
  { route: 'GET /api/v1/learning/certificates/:id/pdf', targets: ['demoCso', 'other'], expect: progressOne(200), send: async (c, ctx) => c.get(`/api/v1/learning/certificates/${(await certificateOf(ctx)).id}/pdf`) },
  // Public: the code is the key; anyone (signed in or not) sees name, course and date.
  { route: 'GET /api/v1/learning/verify/:code', targets: ['demoCso', 'other'], expect: everyone(200), send: async (c, ctx) => c.get(`/api/v1/learning/verify/${(await certificateOf(ctx)).code}`) },

  // ---- reports: aggregates for everyone, small cells suppressed outside participant reach
  { route: 'GET /api/v1/learning/reports', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/learning/reports?by=organisation') },
  { route: 'GET /api/v1/learning/reports/export', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/learning/reports/export?by=sex&format=xlsx') },
];
