import type { FastifyInstance } from 'fastify';
import { answersExportQuery, answersFilter, instrumentSummary as summarySchema } from '../../../common/schemas/answers';
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
    const file = await exportAnswers(req.gw, req.params.id, req.query, { lang: requestLanguage(req), origin });
    return reply
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('x-total-count', String(file.total))
      .type(file.contentType)
      .send(file.stream);
  });

  r.get('/instruments/:id/summary', { schema: { tags, params: idParams, querystring: answersFilter, response: { 200: summarySchema } } },
    (req) => instrumentSummary(req.gw, req.params.id, req.query));
}
