import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { translate } from '../../../common/i18n/translate';
import { draftInput, importResult, instrument, instrumentInput, instrumentListQuery, instrumentPatch, instrumentVersion, type ImportResultBody, type Instrument } from '../../../common/schemas/instrument';
import { exportFormat, intParam, pageOf, recordVersion } from '../../../common/schemas/list';
import type { Language } from '../../../common/roles';
import { sendExport, type ExportColumn } from '../../http/export';
import { requestLanguage } from '../../http/language';
import { idParams, typed } from '../../http/route-helpers';
import { HttpProblem } from '../../http/problem';
import { readUpload } from '../../http/upload';
import * as service from './service';
import { exportXlsForm } from './xlsform/export';
import { importXlsForm, type ImportIssue } from './xlsform/import';

const tags = ['instruments'];
const design = { permission: 'instruments.design' } as const;
const versionParams = idParams.extend({ number: intParam });
const versionBody = z.object({ version: recordVersion });

function issueText(lang: Language, issues: ImportIssue[]) {
  return issues.map((i) => ({ sheet: i.sheet, row: i.row, column: i.column, message: translate(lang, i.code, i.params) }));
}

const exportColumns: ExportColumn<Instrument>[] = [
  { header: 'instruments.code', value: (i) => i.code },
  { header: 'instruments.titleKa', value: (i) => i.titleKa },
  { header: 'instruments.titleEn', value: (i) => i.titleEn },
  { header: 'instruments.purpose', value: (i, t) => t(`instruments.purposes.${i.purpose}`) },
  { header: 'instruments.published', value: (i) => i.versions.find((v) => v.status === 'published')?.number ?? null },
  { header: 'instruments.draft', value: (i, t) => t(i.versions.some((v) => v.status === 'draft') ? 'common.yes' : 'common.no') },
];

export async function instrumentRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.get('/instruments/export', { schema: { tags, querystring: instrumentListQuery.partial().extend(exportFormat.shape) } }, (req, reply) =>
    sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: 'instruments', columns: exportColumns, source: service.exportInstruments(req.gw, req.query) }));

  r.get('/instruments', { schema: { tags, querystring: instrumentListQuery, response: { 200: pageOf(instrument) } } },
    (req) => service.listInstruments(req.gw, req.query, requestLanguage(req)));

  r.post('/instruments', { config: design, schema: { tags, body: instrumentInput, response: { 201: instrument } } },
    async (req, reply) => reply.code(201).send(await service.createInstrument(req.gw, req.body)));

  r.get('/instruments/:id', { schema: { tags, params: idParams, response: { 200: instrument } } },
    (req) => service.getInstrument(req.gw, req.params.id));

  r.patch('/instruments/:id', { config: design, schema: { tags, params: idParams, body: instrumentPatch, response: { 200: instrument } } },
    (req) => service.updateInstrument(req.gw, req.params.id, req.body));

  r.get('/instruments/:id/versions/:number', { schema: { tags, params: versionParams, response: { 200: instrumentVersion } } },
    (req) => service.getVersion(req.gw, req.params.id, req.params.number, requestLanguage(req)));

  r.get('/instruments/:id/versions/:number/xlsform', { schema: { tags, params: versionParams } }, async (req, reply) => {
    const meta = await service.getInstrument(req.gw, req.params.id);
    const version = await service.getVersion(req.gw, req.params.id, req.params.number, requestLanguage(req));
    const file = await exportXlsForm(version.definition, { title: { ka: meta.titleKa, en: meta.titleEn } });
    return reply
      .header('content-disposition', `attachment; filename="${meta.code}-v${version.number}.xlsx"`)
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(file);
  });

  r.put('/instruments/:id/draft', { config: design, schema: { tags, params: idParams, body: draftInput, response: { 200: instrumentVersion } } },
    (req) => service.saveDraft(req.gw, req.params.id, req.body, requestLanguage(req)));

  r.post('/instruments/:id/draft', { config: design, schema: { tags, params: idParams, response: { 201: instrumentVersion } } },
    async (req, reply) => reply.code(201).send(await service.openDraft(req.gw, req.params.id, requestLanguage(req))));

  r.post('/instruments/:id/publish', { config: design, schema: { tags, params: idParams, body: versionBody, response: { 200: instrumentVersion } } },
    (req) => service.publishDraft(req.gw, req.params.id, req.body.version, requestLanguage(req)));

  // multipart/form-data: `file` (the .xlsx); with ?instrumentId= it replaces that instrument's draft,
  // otherwise it creates an instrument from the form's settings (form_id, form_title).
  r.post('/instruments/import', {
    config: design,
    schema: { tags, querystring: z.object({ instrumentId: z.uuid().optional() }), consumes: ['multipart/form-data'], response: { 200: importResult, 201: importResult, 400: importResult } },
  }, async (req, reply) => {
    const lang = requestLanguage(req);
    const file = await readUpload(req);
    const result = await importXlsForm(file.data);
    const body: ImportResultBody = { errors: issueText(lang, result.errors), warnings: issueText(lang, result.warnings) };
    if (!result.definition) return reply.code(400).type('application/json').send(body);
    if (req.query.instrumentId) {
      await service.replaceDraftDefinition(req.gw, req.query.instrumentId, result.definition, lang);
      return { ...body, instrument: await service.getInstrument(req.gw, req.query.instrumentId) };
    }
    const code = (result.formId ?? file.filename.replace(/\.xlsx$/i, '')).toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '').slice(0, 60) || 'imported_form';
    const title = result.title ?? {};
    try {
      const created = await service.createInstrument(req.gw, {
        code,
        purpose: 'survey',
        titleKa: title.ka || title.default || title.en || code,
        titleEn: title.en || title.default || title.ka || code,
        descriptionKa: '',
        descriptionEn: '',
      }, result.definition);
      return reply.code(201).send({ ...body, instrument: created });
    } catch (error) {
      // The same form imported twice: say how to bring it in as a new version instead.
      if (!(error instanceof HttpProblem) || error.kind !== 'duplicate') throw error;
      const taken = { sheet: result.formId ? 'settings' : '', row: result.formId ? 2 : 0, column: result.formId ? 'form_id' : '', message: translate(lang, 'instruments.import.formIdTaken', { code: result.formId ?? code }) };
      return reply.code(400).type('application/json').send({ ...body, errors: [taken] });
    }
  });
}
