import type { LightMyRequestResponse } from 'fastify';
import type { Client } from '../../support/app';
import { FILLS_ALL, publishedInstrument, scopedListOf, type Context, type Row } from './support';

/** A form about the target organisation, so that the export has a row to show or to leave out. */
async function formAt(ctx: Context): Promise<void> {
  await ctx.admin.post('/api/v1/responses', { instrumentId: await publishedInstrument(ctx), organisationId: ctx.orgId, label: 'matrix' });
}

/** Asks for a background export of the responses list and waits until a worker has written it. */
export async function backgroundExport(client: Client): Promise<{ asked: LightMyRequestResponse; id?: string }> {
  const asked = await client.post('/api/v1/exports', { kind: 'responses', params: { format: 'csv' } });
  if (asked.statusCode !== 202) return { asked };
  const id = (asked.json() as { id: string }).id;
  for (let tries = 0; tries < 300; tries += 1) {
    const job = ((await client.get('/api/v1/exports?pageSize=200')).json() as { items: { id: string; status: string }[] }).items.find((j) => j.id === id);
    if (job?.status === 'done' || job?.status === 'failed') return { asked, id };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the background export did not finish');
}

async function downloadOwn(client: Client) {
  const { asked, id } = await backgroundExport(client);
  return id ? client.get(`/api/v1/exports/${id}/file`) : asked;
}

export const rows: Row[] = [
  {
    // The file holds what the foreground export would: the requester's scope (checked on its contents).
    route: 'POST /api/v1/exports',
    targets: ['own', 'other'],
    expect: (role, target) => (role === 'viewer' ? 403 : scopedListOf(FILLS_ALL)(role, target)),
    send: async (c, ctx) => {
      await formAt(ctx);
      return downloadOwn(c);
    },
  },
  {
    route: 'GET /api/v1/exports',
    targets: ['none'],
    expect: () => 200,
    send: (c) => c.get('/api/v1/exports'),
  },
  {
    // own: the caller's own export (the donor may ask for none); other: one asked for by a user of
    // the target organisation, which nobody else may download, whatever their role.
    route: 'GET /api/v1/exports/:id/file',
    targets: ['own', 'other'],
    expect: (role, target) => (target === 'other' ? 404 : role === 'viewer' ? 403 : 200),
    send: async (c, ctx) => {
      const mine = ((await c.get('/api/v1/me')).json() as { user: { organisation: { id: string } } }).user.organisation.id === ctx.orgId;
      if (mine) return downloadOwn(c);
      const { id } = await backgroundExport(await ctx.loginAsNew('case_worker'));
      return c.get(`/api/v1/exports/${id}/file`);
    },
  },
];
