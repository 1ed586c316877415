import { exportXlsForm } from '../../../server/features/instruments/xlsform/export';
import { multipartFile } from '../../support/app';
import { designOnly, draftInstrument, everyone, publishedInstrument, SIMPLE_DEFINITION, unique, wgId, type Row } from './support';

const multipartXlsx = (file: Buffer) => multipartFile(file, 'form.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

export const rows: Row[] = [
  { route: 'GET /api/v1/instruments', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/instruments') },
  { route: 'GET /api/v1/instruments/export', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/instruments/export?format=xlsx') },
  {
    route: 'POST /api/v1/instruments',
    targets: ['none'],
    expect: designOnly(201),
    send: (c) => c.post('/api/v1/instruments', { code: `m_${unique()}`, purpose: 'survey', titleKa: 'ტესტი', titleEn: 'Test' }),
  },
  { route: 'GET /api/v1/instruments/:id', targets: ['none'], expect: everyone(200), send: async (c, ctx) => c.get(`/api/v1/instruments/${await wgId(ctx)}`) },
  {
    route: 'PATCH /api/v1/instruments/:id',
    targets: ['none'],
    expect: designOnly(200),
    send: async (c, ctx) => {
      const { id } = await draftInstrument(ctx);
      return c.patch(`/api/v1/instruments/${id}`, { version: 1, titleEn: 'Renamed' });
    },
  },
  { route: 'GET /api/v1/instruments/:id/versions/:number', targets: ['none'], expect: everyone(200), send: async (c, ctx) => c.get(`/api/v1/instruments/${await wgId(ctx)}/versions/1`) },
  { route: 'GET /api/v1/instruments/:id/versions/:number/xlsform', targets: ['none'], expect: everyone(200), send: async (c, ctx) => c.get(`/api/v1/instruments/${await wgId(ctx)}/versions/1/xlsform`) },
  {
    route: 'PUT /api/v1/instruments/:id/draft',
    targets: ['none'],
    expect: designOnly(200),
    send: async (c, ctx) => {
      const { id, version } = await draftInstrument(ctx);
      return c.request('PUT', `/api/v1/instruments/${id}/draft`, { definition: SIMPLE_DEFINITION, version });
    },
  },
  { route: 'POST /api/v1/instruments/:id/draft', targets: ['none'], expect: designOnly(201), send: async (c, ctx) => c.post(`/api/v1/instruments/${await publishedInstrument(ctx)}/draft`) },
  {
    route: 'POST /api/v1/instruments/:id/publish',
    targets: ['none'],
    expect: designOnly(200),
    send: async (c, ctx) => {
      const { id, version } = await draftInstrument(ctx);
      return c.post(`/api/v1/instruments/${id}/publish`, { version });
    },
  },
  {
    route: 'POST /api/v1/instruments/import',
    targets: ['none'],
    expect: designOnly(201),
    send: async (c) => {
      const file = await exportXlsForm({ ...SIMPLE_DEFINITION, settings: { formId: `imported_${unique()}` } } as never, { title: { ka: 'იმპორტი', en: 'Import' } });
      const { payload, contentType } = multipartXlsx(file);
      return c.raw({ method: 'POST', url: '/api/v1/instruments/import', payload, headers: { 'content-type': contentType } });
    },
  },
];
