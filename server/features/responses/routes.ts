import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { exportFormat, pageOf } from '../../../common/schemas/list';
import { amendInput, answersInput, attachment, attachmentQuery, deviceResponseInput, offlinePack, organisationToFill, responseInput, responseListItem, responseListQuery, responseWithDefinition as withDefinition } from '../../../common/schemas/response';
import { taggedByContent } from '../../http/etag';
import { idParams, typed } from '../../http/route-helpers';
import { readUpload } from '../../http/upload';
import { sendFile } from '../../http/export';
import { responsesExportFile } from './exports';
import { requestLanguage } from '../../http/language';
import { offlinePackFor, putDeviceResponse } from './device';
import { deleteDraft } from './drafts';
import { organisationsToFill } from './offer';
import { listAttachments, readAttachment, uploadAttachment, type AttachmentLimits } from './attachments';
import * as queries from './queries';
import * as service from './service';

const tags = ['responses'];
const read = { permission: 'responses.read' } as const;
const fill = { permission: 'responses.fill' } as const;


export async function responseRoutes(app: FastifyInstance, opts: { attachmentLimits: AttachmentLimits }) {
  const r = typed(app);

  r.get('/responses/export', { config: read, schema: { tags, querystring: responseListQuery.partial().extend(exportFormat.shape) } }, async (req, reply) =>
    sendFile(reply, await responsesExportFile(req.gw, req.query, requestLanguage(req), { onError: (error) => req.log.error({ err: error }, 'export failed while streaming') })));

  r.get('/responses', { config: read, schema: { tags, querystring: responseListQuery, response: { 200: pageOf(responseListItem) } } },
    (req) => queries.listResponses(req.gw, req.query));

  r.post('/responses', { config: fill, schema: { tags, body: responseInput, response: { 201: withDefinition } } },
    async (req, reply) => reply.code(201).send(await service.startResponseFromRequest(req.gw, req.body)));

  // A form filled on a device, under the device's id: created once however often it is sent (201, then 200).
  r.put('/responses/:id', { config: fill, schema: { tags, params: idParams, body: deviceResponseInput, response: { 200: withDefinition, 201: withDefinition } } },
    async (req, reply) => {
      const { created, body } = await putDeviceResponse(req.gw, req.params.id, req.body);
      return reply.code(created ? 201 : 200).send(body);
    });

  // What a device keeps to fill an instrument offline (only for those who fill in forms). The
  // device refreshes it with the ETag it kept: 304 and no body while nothing in it changed.
  r.get('/instruments/:id/offline', { config: fill, onSend: taggedByContent, schema: { tags, params: idParams, response: { 200: offlinePack } } },
    (req) => offlinePackFor(req.gw, req.params.id));

  // Where the user may fill in this instrument: the organisations where saving the form would be
  // accepted (the fill-in picker and the fill page offer these, the offline pack holds the same).
  r.get('/instruments/:id/fill-organisations', { config: fill, schema: { tags, params: idParams, response: { 200: z.array(organisationToFill) } } },
    (req) => organisationsToFill(req.gw, req.params.id));

  r.get('/responses/:id', { config: read, schema: { tags, params: idParams, response: { 200: withDefinition } } },
    (req) => queries.getResponse(req.gw, req.params.id));

  r.patch('/responses/:id', { config: fill, schema: { tags, params: idParams, body: answersInput, response: { 200: withDefinition } } },
    (req) => service.saveDraftAnswers(req.gw, req.params.id, req.body));

  r.delete('/responses/:id', { config: fill, schema: { tags, params: idParams } },
    async (req, reply) => { await deleteDraft(req.gw, req.params.id); return reply.code(204).send(); });

  r.post('/responses/:id/submit', { config: fill, schema: { tags, params: idParams, body: answersInput, response: { 200: withDefinition } } },
    (req) => service.submitResponse(req.gw, req.params.id, req.body, requestLanguage(req)));

  r.post('/responses/:id/amend', { config: fill, schema: { tags, params: idParams, body: amendInput, response: { 200: withDefinition } } },
    (req) => service.amendResponse(req.gw, req.params.id, req.body, requestLanguage(req)));

  // multipart/form-data with one `file`; ?question= names the file or photo question it answers.
  r.post('/responses/:id/attachments', {
    config: fill,
    schema: { tags, params: idParams, querystring: attachmentQuery, consumes: ['multipart/form-data'], response: { 200: attachment, 201: attachment } },
  }, async (req, reply) => {
    const file = await readUpload(req);
    const { created, stored } = await uploadAttachment(req.gw, req.params.id, req.query.question, file, opts.attachmentLimits, req.query.clientId);
    return reply.code(created ? 201 : 200).send(stored);
  });

  r.get('/responses/:id/attachments', { config: read, schema: { tags, params: idParams, response: { 200: z.array(attachment) } } },
    (req) => listAttachments(req.gw, req.params.id));

  r.get('/attachments/:id', { config: read, schema: { tags, params: idParams } }, async (req, reply) => {
    const file = await readAttachment(req.gw, req.params.id);
    const safeName = file.filename.replace(/[^\w.-]+/g, '_');
    return reply
      .header('content-disposition', `attachment; filename="${safeName}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .type(file.contentType.startsWith('image/') ? file.contentType : 'application/octet-stream')
      .send(file.data);
  });
}
