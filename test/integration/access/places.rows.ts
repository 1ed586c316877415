import { adminOnly, everyone, unique, type Context, type Row } from './support';

async function firstRegionId(ctx: Context): Promise<string> {
  return (await ctx.admin.get('/api/v1/regions')).json()[0].id;
}

export const rows: Row[] = [
  { route: 'GET /api/v1/regions', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/regions') },
  {
    route: 'POST /api/v1/regions',
    targets: ['none'],
    expect: adminOnly(201),
    send: (c) => c.post('/api/v1/regions', { code: `T-${unique()}`, nameKa: 'ტესტი', nameEn: 'Test' }),
  },
  {
    route: 'PATCH /api/v1/regions/:id',
    targets: ['none'],
    expect: adminOnly(200),
    send: async (c, ctx) => {
      const id = await firstRegionId(ctx);
      const region = (await ctx.admin.get('/api/v1/regions')).json().find((r: { id: string }) => r.id === id);
      return c.patch(`/api/v1/regions/${id}`, { version: region.version, nameEn: region.nameEn });
    },
  },
  { route: 'GET /api/v1/municipalities', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/municipalities') },
  {
    route: 'POST /api/v1/municipalities',
    targets: ['none'],
    expect: adminOnly(201),
    send: async (c, ctx) => c.post('/api/v1/municipalities', { regionId: await firstRegionId(ctx), nameKa: 'ტესტი', nameEn: `Test ${unique()}` }),
  },
  {
    route: 'PATCH /api/v1/municipalities/:id',
    targets: ['none'],
    expect: adminOnly(200),
    send: async (c, ctx) => {
      const [first] = (await ctx.admin.get('/api/v1/municipalities')).json();
      return c.patch(`/api/v1/municipalities/${first.id}`, { version: first.version, nameKa: first.nameKa });
    },
  },
];
