import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  aggregates,
  aggregatesQuery,
  assessmentDetail,
  assessment,
  assessmentExportQuery,
  assessmentInput,
  assessmentListQuery,
  assessmentPatch,
  generatePlanResult,
  mentoringExportQuery,
  mentoringInput,
  mentoringListQuery,
  mentoringPatch,
  mentoringSession,
  orgParams,
  csoDocument,
  documentUploadQuery,
  DOCUMENT_MAX_BYTES,
  planAction,
  planActionExportQuery,
  planActionInput,
  planActionListQuery,
  planActionPatch,
  planPreview,
  planResponsible,
  planProgress,
  portfolio,
  portfolioQuery,
  profile,
  profileInput,
  ratingInput,
  report,
  reportQuery,
  results,
  round,
  roundInput,
  roundPatch,
  supervisionExportQuery,
  supervisionHours as supervisionHoursSchema,
  supervisionInput,
  supervisionListQuery,
  supervisionPatch,
  supervisionPerson,
  supervisionSession,
  supportExportQuery,
  supportInput,
  supportItem,
  supportListQuery,
  supportTotals as supportTotalsSchema,
} from '../../../common/schemas/capacity';
import { exportFormat, pageOf, recordVersion } from '../../../common/schemas/list';
import { loadedSource, sendExport } from '../../http/export';
import { requestLanguage } from '../../http/language';
import { idParams, typed } from '../../http/route-helpers';
import * as assessments from './assessments';
import { assessmentColumns, heatMapColumns, mentoringColumns, planColumns, supervisionColumns, supportColumns } from './exports';
import * as plan from './plan';
import { aggregatesOf, portfolioOf } from './portfolio';
import * as documents from './documents';
import * as records from './records';
import type { Storage } from '../../storage';
import { sendStored } from '../../storage/transfer';
import { streamUpload } from '../../http/upload';
import { capacityReport, capacityReportPdf } from './report';
import * as rounds from './rounds';

const tags = ['capacity'];
const read = { permission: 'capacity.read' } as const;
const assess = { permission: 'capacity.assess' } as const;
const versionBody = z.object({ version: recordVersion });

export async function capacityRoutes(app: FastifyInstance, context: { storage: Storage }) {
  const r = typed(app);

  // ---- rounds (programme-wide) ----
  r.get('/capacity/rounds', { schema: { tags, response: { 200: z.array(round) } } }, (req) => rounds.listRounds(req.gw));
  r.post('/capacity/rounds', { config: { permission: 'capacity.rounds' }, schema: { tags, body: roundInput, response: { 201: round } } },
    async (req, reply) => reply.code(201).send(await rounds.createRound(req.gw, req.body)));
  r.patch('/capacity/rounds/:id', { config: { permission: 'capacity.rounds' }, schema: { tags, params: idParams, body: roundPatch, response: { 200: round } } },
    (req) => rounds.updateRound(req.gw, req.params.id, req.body));

  // ---- assessments ----
  r.get('/capacity/assessments', { config: read, schema: { tags, querystring: assessmentListQuery, response: { 200: pageOf(assessment) } } },
    (req) => assessments.listAssessments(req.gw, req.query, requestLanguage(req)));
  r.get('/capacity/assessments/export', { config: read, schema: { tags, querystring: assessmentExportQuery } }, (req, reply) => {
    const lang = requestLanguage(req);
    return sendExport(reply, { format: req.query.format, lang, filename: 'assessments', columns: assessmentColumns, source: assessments.exportAssessments(req.gw, req.query, lang) });
  });
  r.post('/capacity/assessments', { config: assess, schema: { tags, body: assessmentInput, response: { 201: assessmentDetail } } },
    async (req, reply) => reply.code(201).send(await assessments.createAssessment(req.gw, req.body)));
  r.get('/capacity/assessments/:id', { config: read, schema: { tags, params: idParams, response: { 200: assessmentDetail } } },
    (req) => assessments.getAssessment(req.gw, req.params.id));
  r.patch('/capacity/assessments/:id', { config: assess, schema: { tags, params: idParams, body: assessmentPatch, response: { 200: assessmentDetail } } },
    (req) => assessments.updateAssessment(req.gw, req.params.id, req.body));
  r.post('/capacity/assessments/:id/ratings', { config: assess, schema: { tags, params: idParams, body: ratingInput, response: { 201: assessmentDetail } } },
    async (req, reply) => reply.code(201).send(await assessments.addRating(req.gw, req.params.id, req.body.raterName)));
  r.post('/capacity/assessments/:id/consensus', { config: assess, schema: { tags, params: idParams, response: { 200: assessmentDetail } } },
    (req) => assessments.openConsensus(req.gw, req.params.id));
  r.post('/capacity/assessments/:id/finalise', { config: assess, schema: { tags, params: idParams, body: versionBody, response: { 200: assessmentDetail } } },
    (req) => assessments.finaliseAssessment(req.gw, req.params.id, req.body.version));
  r.get('/capacity/assessments/:id/plan-preview', { config: assess, schema: { tags, params: idParams, response: { 200: planPreview } } },
    (req) => plan.previewPlan(req.gw, req.params.id));
  r.post('/capacity/assessments/:id/plan', { config: assess, schema: { tags, params: idParams, response: { 200: generatePlanResult } } },
    (req) => plan.generatePlan(req.gw, req.params.id));

  // ---- per CSO ----
  r.get('/capacity/organisations/:organisationId/results', { config: read, schema: { tags, params: orgParams, response: { 200: results } } },
    (req) => assessments.resultsOf(req.gw, req.params.organisationId));
  r.get('/capacity/organisations/:organisationId/plan-progress', { config: read, schema: { tags, params: orgParams, response: { 200: planProgress } } },
    async (req) => {
      await records.getProfile(req.gw, req.params.organisationId);
      return plan.planProgressOf(req.gw, req.params.organisationId);
    });
  r.get('/capacity/organisations/:organisationId/plan-responsibles', { config: assess, schema: { tags, params: orgParams, response: { 200: z.array(planResponsible) } } },
    (req) => plan.responsibleCandidates(req.gw, req.params.organisationId));
  r.get('/capacity/organisations/:organisationId/profile', { config: read, schema: { tags, params: orgParams, response: { 200: profile } } },
    (req) => records.getProfile(req.gw, req.params.organisationId));
  // ---- key documents (files in the storage module) ----
  r.get('/capacity/organisations/:organisationId/documents', { config: read, schema: { tags, params: orgParams, response: { 200: z.array(csoDocument) } } },
    (req) => documents.listDocuments(req.gw, req.params.organisationId));
  // multipart/form-data with one `file` (up to 20 MB), `?kind=statute|policy|annual_report|other`.
  r.post('/capacity/organisations/:organisationId/documents', { config: { permission: 'organisations.update' }, schema: { tags, params: orgParams, querystring: documentUploadQuery, consumes: ['multipart/form-data'], response: { 201: csoDocument } } },
    async (req, reply) => reply.code(201).send(await documents.addDocument(req.gw, context.storage, req.params.organisationId, req.query.kind, await streamUpload(req, DOCUMENT_MAX_BYTES))));
  r.get('/capacity/documents/:id', { config: read, schema: { tags, params: idParams } }, async (req, reply) =>
    sendStored(reply, context.storage, await documents.documentFile(req.gw, req.params.id), req.headers.range));
  r.delete('/capacity/documents/:id', { config: { permission: 'organisations.update' }, schema: { tags, params: idParams } }, async (req, reply) => {
    await documents.deleteDocument(req.gw, context.storage, req.params.id);
    return reply.code(204).send();
  });
  r.put('/capacity/organisations/:organisationId/profile', { config: { permission: 'organisations.update' }, schema: { tags, params: orgParams, body: profileInput, response: { 200: profile } } },
    (req) => records.saveProfile(req.gw, req.params.organisationId, req.body));
  r.get('/capacity/organisations/:organisationId/report', { config: read, schema: { tags, params: orgParams, response: { 200: report } } },
    (req) => capacityReport(req.gw, req.params.organisationId));
  r.get('/capacity/organisations/:organisationId/report.pdf', { config: read, schema: { tags, params: orgParams, querystring: reportQuery } }, async (req, reply) => {
    const lang = req.query.lang ?? requestLanguage(req);
    const pdf = await capacityReportPdf(req.gw, req.params.organisationId, lang);
    return reply.header('content-disposition', `attachment; filename="capacity-report-${lang}.pdf"`).type('application/pdf').send(pdf);
  });

  // ---- development plan ----
  r.get('/capacity/plan-actions', { config: read, schema: { tags, querystring: planActionListQuery, response: { 200: pageOf(planAction) } } },
    (req) => plan.listPlanActions(req.gw, req.query));
  r.get('/capacity/plan-actions/export', { config: read, schema: { tags, querystring: planActionExportQuery } }, (req, reply) => {
    return sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: 'development-plan', columns: planColumns, source: plan.exportPlanActions(req.gw, req.query) });
  });
  r.post('/capacity/plan-actions', { config: assess, schema: { tags, body: planActionInput, response: { 201: planAction } } },
    async (req, reply) => reply.code(201).send(await plan.createPlanAction(req.gw, req.body)));
  r.patch('/capacity/plan-actions/:id', { config: assess, schema: { tags, params: idParams, body: planActionPatch, response: { 200: planAction } } },
    (req) => plan.updatePlanAction(req.gw, req.params.id, req.body));
  // Only an action nobody has worked on yet (see `deletePlanAction`); any other is cancelled instead.
  r.delete('/capacity/plan-actions/:id', { config: assess, schema: { tags, params: idParams } }, async (req, reply) => {
    await plan.deletePlanAction(req.gw, req.params.id);
    return reply.code(204).send();
  });

  // ---- mentoring ----
  r.get('/capacity/mentoring', { config: read, schema: { tags, querystring: mentoringListQuery, response: { 200: pageOf(mentoringSession) } } },
    (req) => records.listMentoring(req.gw, req.query));
  r.get('/capacity/mentoring/export', { config: read, schema: { tags, querystring: mentoringExportQuery } }, (req, reply) => {
    return sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: 'mentoring', columns: mentoringColumns, source: records.exportMentoring(req.gw, req.query) });
  });
  r.post('/capacity/mentoring', { config: { permission: 'capacity.mentoring' }, schema: { tags, body: mentoringInput, response: { 201: mentoringSession } } },
    async (req, reply) => reply.code(201).send(await records.createMentoring(req.gw, req.body)));
  r.patch('/capacity/mentoring/:id', { config: { permission: 'capacity.mentoring' }, schema: { tags, params: idParams, body: mentoringPatch, response: { 200: mentoringSession } } },
    (req) => records.updateMentoring(req.gw, req.params.id, req.body));
  // A wrongly entered record goes, by whoever may correct it (audited).
  r.delete('/capacity/mentoring/:id', { config: { permission: 'capacity.mentoring' }, schema: { tags, params: idParams } }, async (req, reply) => {
    await records.deleteMentoring(req.gw, req.params.id);
    return reply.code(204).send();
  });

  // ---- supervision ----
  r.get('/capacity/supervision', { config: read, schema: { tags, querystring: supervisionListQuery, response: { 200: pageOf(supervisionSession) } } },
    (req) => records.listSupervision(req.gw, req.query));
  r.get('/capacity/supervision/export', { config: read, schema: { tags, querystring: supervisionExportQuery } }, (req, reply) => {
    return sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: 'supervision', columns: supervisionColumns, source: records.exportSupervision(req.gw, req.query) });
  });
  r.get('/capacity/organisations/:organisationId/supervision-people', { config: assess, schema: { tags, params: orgParams, response: { 200: z.array(supervisionPerson) } } },
    (req) => records.supervisionPeople(req.gw, req.params.organisationId));
  r.get('/capacity/supervision/hours', { config: read, schema: { tags, querystring: supervisionListQuery.pick({ organisationId: true, from: true, to: true }), response: { 200: supervisionHoursSchema } } },
    (req) => records.supervisionHours(req.gw, req.query));
  r.post('/capacity/supervision', { config: assess, schema: { tags, body: supervisionInput, response: { 201: supervisionSession } } },
    async (req, reply) => reply.code(201).send(await records.createSupervision(req.gw, req.body)));
  r.patch('/capacity/supervision/:id', { config: assess, schema: { tags, params: idParams, body: supervisionPatch, response: { 200: supervisionSession } } },
    (req) => records.updateSupervision(req.gw, req.params.id, req.body));
  r.delete('/capacity/supervision/:id', { config: assess, schema: { tags, params: idParams } }, async (req, reply) => {
    await records.deleteSupervision(req.gw, req.params.id);
    return reply.code(204).send();
  });

  // ---- material and infrastructure support ----
  r.get('/capacity/support', { config: read, schema: { tags, querystring: supportListQuery, response: { 200: pageOf(supportItem) } } },
    (req) => records.listSupport(req.gw, req.query));
  r.get('/capacity/support/export', { config: read, schema: { tags, querystring: supportExportQuery } }, (req, reply) => {
    return sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: 'support', columns: supportColumns, source: records.exportSupport(req.gw, req.query) });
  });
  r.get('/capacity/support/totals', { config: read, schema: { tags, querystring: supportListQuery.pick({ organisationId: true, from: true, to: true, category: true }), response: { 200: supportTotalsSchema } } },
    (req) => records.supportTotals(req.gw, req.query));
  r.post('/capacity/support', { config: { permission: 'capacity.support' }, schema: { tags, body: supportInput, response: { 201: supportItem } } },
    async (req, reply) => reply.code(201).send(await records.createSupport(req.gw, req.body)));
  r.delete('/capacity/support/:id', { config: { permission: 'capacity.support' }, schema: { tags, params: idParams } }, async (req, reply) => {
    await records.deleteSupport(req.gw, req.params.id);
    return reply.code(204).send();
  });

  // ---- portfolio ----
  r.get('/capacity/portfolio', { config: read, schema: { tags, querystring: portfolioQuery, response: { 200: portfolio } } },
    (req) => portfolioOf(req.gw, req.query));
  // Everyone signed in: municipal and donor users see capacity only as these suppressed aggregates.
  r.get('/capacity/aggregates', { schema: { tags, querystring: aggregatesQuery, response: { 200: aggregates } } },
    (req) => aggregatesOf(req.gw, req.query));
  // Both tables as files: at most a row per CSO (or place) and a column per domain, computed whole and sent whole.
  r.get('/capacity/portfolio/export', { config: read, schema: { tags, querystring: portfolioQuery.extend(exportFormat.shape) } }, async (req, reply) => {
    const lang = requestLanguage(req);
    const { domains, rows } = await portfolioOf(req.gw, req.query);
    return sendExport(reply, { format: req.query.format, lang, filename: 'capacity-portfolio', columns: heatMapColumns(domains, lang, 'capacity.portfolio.organisation', false), source: loadedSource(async () => rows) });
  });
  r.get('/capacity/aggregates/export', { schema: { tags, querystring: aggregatesQuery.extend(exportFormat.shape) } }, async (req, reply) => {
    const lang = requestLanguage(req);
    const { domains, rows } = await aggregatesOf(req.gw, req.query);
    const place = req.query.by === 'municipality' ? 'capacity.portfolio.municipality' : 'capacity.filters.region';
    return sendExport(reply, { format: req.query.format, lang, filename: `capacity-by-${req.query.by}`, columns: heatMapColumns(domains, lang, place, true), source: loadedSource(async () => rows) });
  });
}
