import { FILLS_ALL, publishedInstrument, scopedListOf, type Context, type Row } from './support';

/** One survey instrument with a submitted response at the target organisation, per row run. */
async function answeredAt(ctx: Context): Promise<string> {
  const instrumentId = await publishedInstrument(ctx);
  const started = (await ctx.admin.post('/api/v1/responses', { instrumentId, organisationId: ctx.orgId, label: 'matrix' })).json().response;
  await ctx.admin.post(`/api/v1/responses/${started.id}/submit`, { answers: { n: 3 }, version: started.version });
  return instrumentId;
}

export const rows: Row[] = [
  {
    // The answers themselves: only in the read scope; the donor has no access to responses.
    route: 'GET /api/v1/instruments/:id/answers',
    targets: ['own', 'other'],
    expect: (role, target) => (role === 'viewer' ? 403 : scopedListOf(FILLS_ALL)(role, target)),
    send: async (c, ctx) => c.get(`/api/v1/instruments/${await answeredAt(ctx)}/answers?format=csv&labels=en`),
  },
  {
    // Aggregates only (no organisation names, small counts hidden): every signed-in role.
    route: 'GET /api/v1/instruments/:id/summary',
    targets: ['own', 'other'],
    expect: () => 200,
    send: async (c, ctx) => c.get(`/api/v1/instruments/${await answeredAt(ctx)}/summary`),
  },
];
