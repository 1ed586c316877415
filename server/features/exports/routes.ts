import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { exportJob, exportRequest } from '../../../common/schemas/exports';
import { listQuery, pageOf } from '../../../common/schemas/list';
import { requestLanguage } from '../../http/language';
import { idParams, typed } from '../../http/route-helpers';
import type { JobQueue } from '../../jobs';
import type { Storage } from '../../storage';
import { sendStored } from '../../storage/transfer';
import { exportedFile, listExports } from './queries';
import { EXPORT_QUEUE, exportCleanup, requestExport, runExport, type ExportJobData } from './service';

const tags = ['exports'];
const exportListQuery = listQuery(['createdAt'] as const, 'createdAt').pick({ page: true, pageSize: true, after: true });

/**
 * Background exports: asked for here, written by a worker of any app server (pg-boss), listed
 * and downloaded by the one who asked (anyone else gets 404).
 */
export async function exportRoutes(app: FastifyInstance, context: { jobs: JobQueue; storage: Storage; workers: number }) {
  const r = typed(app);
  await context.jobs.work<ExportJobData>(EXPORT_QUEUE, context.workers, (gw, data) => runExport(gw, context.storage, data.exportId));
  // The servers that write exports also remove the expired ones, on a schedule.
  if (context.workers > 0) await context.jobs.periodic(exportCleanup(context.storage));
  app.addHook('onClose', () => context.jobs.stop());

  r.post('/exports', { schema: { tags, body: exportRequest, response: { 202: exportJob } } }, async (req, reply) =>
    reply.code(202).send(await requestExport(req.gw, context.jobs, req.body, { lang: requestLanguage(req), origin: `${req.protocol}://${req.host}` })));

  r.get('/exports', { schema: { tags, querystring: exportListQuery, response: { 200: pageOf(exportJob) } } }, (req) => listExports(req.gw, req.query));

  r.get('/exports/:id/file', { schema: { tags, params: idParams, querystring: z.object({}) } }, async (req, reply) =>
    sendStored(reply, context.storage, await exportedFile(req.gw, req.params.id), req.headers.range));
}
