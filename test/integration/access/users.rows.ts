import { adminOnly, throwawayUser, unique, versionOf, type Row } from './support';

export const rows: Row[] = [
  {
    route: 'GET /api/v1/users',
    targets: ['own', 'other'],
    expect: (role) => (role === 'admin' ? 'listed' : 403),
    send: async (c, ctx) => {
      await throwawayUser(ctx);
      return c.get(`/api/v1/users?pageSize=200&organisationId=${ctx.orgId}`);
    },
  },
  {
    route: 'GET /api/v1/users/export',
    targets: ['none'],
    expect: adminOnly(200),
    send: (c) => c.get('/api/v1/users/export?format=xlsx'),
  },
  {
    route: 'GET /api/v1/users/:id',
    targets: ['own', 'other'],
    expect: adminOnly(200),
    send: async (c, ctx) => c.get(`/api/v1/users/${await throwawayUser(ctx)}`),
  },
  {
    route: 'POST /api/v1/users',
    targets: ['own', 'other'],
    expect: adminOnly(201),
    send: (c, ctx) =>
      c.post('/api/v1/users', { email: `new-${unique()}@example.ge`, displayName: 'New', organisationId: ctx.orgId, roles: ['viewer'] }),
  },
  {
    route: 'PATCH /api/v1/users/:id',
    targets: ['own', 'other'],
    expect: adminOnly(200),
    send: async (c, ctx) => {
      const id = await throwawayUser(ctx);
      return c.patch(`/api/v1/users/${id}`, { version: await versionOf(ctx, `/api/v1/users/${id}`), displayName: 'Renamed' });
    },
  },
  {
    route: 'POST /api/v1/users/:id/reset-password',
    targets: ['own', 'other'],
    expect: adminOnly(200),
    send: async (c, ctx) => c.post(`/api/v1/users/${await throwawayUser(ctx)}/reset-password`, { passwordSetup: 'link' }),
  },
];
