import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { definition } from '../../../common/instruments/definition';
import { exportFormat, pageOf } from '../../../common/schemas/list';
import { amendInput, answersInput, response, responseInput, responseListQuery } from '../../../common/schemas/response';
import { idParams, typed } from '../../http/route-helpers';
import { sendExport, type ExportColumn } from '../../http/export';
import { requestLanguage } from '../../http/language';
import { HttpProblem } from '../../http/problem';
import { listAttachments, readAttachment, uploadAttachment } from './attachments';
import * as service from './service';

const tags = ['responses'];
const config = { permission: 'responses.fill' } as const;
const withDefinition = z.object({ response, definition });
const attachment = z.object({ id: z.uuid(), question: z.string(), filename: z.string(), contentType: z.string(), size: z.number().int(), createdAt: z.date() });

const exportColumns: ExportColumn<service.ResponseExportRow>[] = [
  { header: 'instruments.titleKa', value: (r) => r.instrumentTitleKa },
  { header: 'instruments.titleEn', value: (r) => r.instrumentTitleEn },
  { header: 'instruments.version', value: (r) => r.versionNumber },
  { header: 'responses.label', value: (r) => r.label },
  { header: 'organisations.nameKa', value: (r) => r.organisationNameKa },
  { header: 'organisations.nameEn', value: (r) => r.organisationNameEn },
  { header: 'common.status', value: (r, t) => t(`responses.status.${r.status}`) },
  { header: 'instruments.score', value: (r) => r.score?.overall ?? null },
  { header: 'responses.level', value: (r) => r.score?.band?.ka ?? r.score?.band?.en ?? null },
  { header: 'responses.submittedAt', value: (r) => r.submittedAt },
  { header: 'responses.updatedAt', value: (r) => r.updatedAt },
];

export async function responseRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.get('/responses/export', { config, schema: { tags, querystring: responseListQuery.partial().extend(exportFormat.shape) } }, (req, reply) =>
    sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: 'responses', columns: exportColumns, source: service.exportResponses(req.gw, req.query) }));

  r.get('/responses', { config, schema: { tags, querystring: responseListQuery, response: { 200: pageOf(response) } } },
    (req) => service.listResponses(req.gw, req.query));

  r.post('/responses', { config, schema: { tags, body: responseInput, response: { 201: withDefinition } } },
    async (req, reply) => reply.code(201).send(await service.startResponse(req.gw, req.body)));

  r.get('/responses/:id', { config, schema: { tags, params: idParams, response: { 200: withDefinition } } },
    (req) => service.getResponse(req.gw, req.params.id));

  r.patch('/responses/:id', { config, schema: { tags, params: idParams, body: answersInput, response: { 200: withDefinition } } },
    (req) => service.saveDraftAnswers(req.gw, req.params.id, req.body));

  r.post('/responses/:id/submit', { config, schema: { tags, params: idParams, body: answersInput, response: { 200: withDefinition } } },
    (req) => service.submitResponse(req.gw, req.params.id, req.body, requestLanguage(req)));

  r.post('/responses/:id/amend', { config, schema: { tags, params: idParams, body: amendInput, response: { 200: withDefinition } } },
    (req) => service.amendResponse(req.gw, req.params.id, req.body, requestLanguage(req)));

  // multipart/form-data with one `file`; ?question= names the file or photo question it answers.
  r.post('/responses/:id/attachments', {
    config,
    schema: { tags, params: idParams, querystring: z.object({ question: z.string().min(1).max(100) }), consumes: ['multipart/form-data'], response: { 201: attachment } },
  }, async (req, reply) => {
    const file = await req.file();
    if (!file) throw new HttpProblem('validation', [{ field: 'file', key: 'validation.required' }]);
    const data = await file.toBuffer();
    const stored = await uploadAttachment(req.gw, req.params.id, req.query.question, { filename: file.filename, contentType: file.mimetype, data });
    return reply.code(201).send(stored);
  });

  r.get('/responses/:id/attachments', { config, schema: { tags, params: idParams, response: { 200: z.array(attachment) } } },
    (req) => listAttachments(req.gw, req.params.id));

  r.get('/attachments/:id', { config, schema: { tags, params: idParams } }, async (req, reply) => {
    const file = await readAttachment(req.gw, req.params.id);
    const safeName = file.filename.replace(/[^\w.-]+/g, '_');
    return reply
      .header('content-disposition', `attachment; filename="${safeName}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .type(file.contentType.startsWith('image/') ? file.contentType : 'application/octet-stream')
      .send(file.data);
  });
}
