import { FILLS_ALL, SEES_ALL, scopedList, unique, versionOf, type Row } from './support';

export const rows: Row[] = [
  {
    route: 'GET /api/v1/organisations',
    targets: ['own', 'other'],
    expect: scopedList,
    send: (c) => c.get('/api/v1/organisations?pageSize=200'),
  },
  {
    route: 'GET /api/v1/organisations/export',
    targets: ['own', 'other'],
    expect: scopedList,
    send: (c) => c.get('/api/v1/organisations/export?format=csv'),
  },
  {
    route: 'GET /api/v1/organisations/:id',
    targets: ['own', 'other'],
    expect: (role, target) => (target === 'own' || SEES_ALL.includes(role) ? 200 : 404),
    send: (c, ctx) => c.get(`/api/v1/organisations/${ctx.orgId}`),
  },
  {
    // Whether the reader may fill in forms for it (the fill-in pickers offer only these): never
    // for the donor; everywhere for programme staff; else their own organisation, and a mentor's
    // assigned CSOs, but not the CSOs a municipal monitor only reads.
    route: 'GET /api/v1/organisations/:id',
    targets: ['own', 'demoCso', 'other'],
    expect: (role, target) => {
      if (target === 'other' && !SEES_ALL.includes(role)) return 404;
      if (role === 'viewer') return 'unlisted';
      if (FILLS_ALL.includes(role) || target === 'own') return 'listed';
      return target === 'demoCso' && role !== 'municipal_monitor' ? 'listed' : 'unlisted';
    },
    marker: () => '"mayFillIn":true',
    send: (c, ctx) => c.get(`/api/v1/organisations/${ctx.orgId}`),
  },
  {
    route: 'POST /api/v1/organisations',
    targets: ['none'],
    expect: (role) => (role === 'admin' || role === 'programme_manager' ? 201 : 403),
    send: (c) => c.post('/api/v1/organisations', { kind: 'cso', nameKa: `ტესტი ${unique()}`, nameEn: `Test ${unique()}` }),
  },
  {
    route: 'PATCH /api/v1/organisations/:id',
    targets: ['own', 'other'],
    expect: (role, target) => {
      if (role === 'admin' || role === 'programme_manager') return 200;
      if (role === 'cso_manager') return target === 'own' ? 200 : 404;
      return 403;
    },
    send: async (c, ctx) =>
      c.patch(`/api/v1/organisations/${ctx.orgId}`, {
        version: await versionOf(ctx, `/api/v1/organisations/${ctx.orgId}`),
        phone: '+995 555 00 00 00',
      }),
  },
];
