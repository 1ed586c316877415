import type { FastifyInstance } from 'fastify';
import { answersExportQuery, answersFilter, instrumentSummary as summarySchema } from '../../../common/schemas/answers';
import { sendFile } from '../../http/export';
import { requestLanguage } from '../../http/language';
import { idParams, typed } from '../../http/route-helpers';
import { exportAnswers } from './answers-export';
import { instrumentSummary } from './summary';

const tags = ['responses'];

/** Answers of one instrument: the spreadsheet export (in scope) and the results summary (aggregates). */
export async function answersRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.get('/instruments/:id/answers', { config: { permission: 'responses.read' }, schema: { tags, params: idParams, querystring: answersExportQuery } }, async (req, reply) => {
    const origin = `${req.protocol}://${req.host}`;
    return sendFile(reply, await exportAnswers(req.gw, req.params.id, req.query, { lang: requestLanguage(req), origin }));
  });

  r.get('/instruments/:id/summary', { schema: { tags, params: idParams, querystring: answersFilter, response: { 200: summarySchema } } },
    // Aggregates over every matching form: read from the replica when there is one (DATABASE_READ_URL).
    (req) => instrumentSummary(req.gw.onReplica(), req.params.id, req.query));
}
