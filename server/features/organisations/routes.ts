import type { FastifyInstance } from 'fastify';
import { exportFormat, pageOf } from '../../../common/schemas/list';
import {
  organisation,
  organisationInput,
  organisationListQuery,
  organisationPatch,
  type Organisation,
} from '../../../common/schemas/organisation';
import { sendExport, type ExportColumn } from '../../http/export';
import { requestLanguage } from '../../http/language';
import { idParams, typed } from '../../http/route-helpers';
import { exportOrganisations, getOrganisation, listOrganisations } from './queries';
import { createOrganisation, updateOrganisation } from './service';

const tags = ['organisations'];

const exportColumns: ExportColumn<Organisation>[] = [
  { header: 'organisations.nameKa', value: (o) => o.nameKa },
  { header: 'organisations.nameEn', value: (o) => o.nameEn },
  { header: 'organisations.shortName', value: (o) => o.shortName },
  { header: 'organisations.kind', value: (o, t) => t(`kinds.${o.kind}`) },
  { header: 'organisations.registrationNumber', value: (o) => o.registrationNumber },
  { header: 'organisations.email', value: (o) => o.email },
  { header: 'organisations.phone', value: (o) => o.phone },
  { header: 'organisations.active', value: (o, t) => t(o.active ? 'common.yes' : 'common.no') },
];

export async function organisationRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.get('/organisations', {
    schema: { tags, querystring: organisationListQuery, response: { 200: pageOf(organisation) } },
  }, (req) => listOrganisations(req.gw, req.query, requestLanguage(req)));

  r.get('/organisations/export', {
    schema: { tags, querystring: organisationListQuery.partial().extend(exportFormat.shape) },
  }, (req, reply) => {
    const lang = requestLanguage(req);
    return sendExport(reply, { format: req.query.format, lang, filename: 'organisations', columns: exportColumns, source: exportOrganisations(req.gw, req.query, lang) });
  });

  r.get('/organisations/:id', {
    schema: { tags, params: idParams, response: { 200: organisation } },
  }, (req) => getOrganisation(req.gw, req.params.id));

  r.post('/organisations', {
    config: { permission: 'organisations.create' },
    schema: { tags, body: organisationInput, response: { 201: organisation } },
  }, async (req, reply) => reply.code(201).send(await createOrganisation(req.gw, req.body)));

  r.patch('/organisations/:id', {
    config: { permission: 'organisations.update' },
    schema: { tags, params: idParams, body: organisationPatch, response: { 200: organisation } },
  }, (req) => updateOrganisation(req.gw, req.params.id, req.body));
}
