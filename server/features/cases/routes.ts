import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  aggregate,
  aggregateExportQuery,
  aggregateQuery,
  approval,
  approvalDecision,
  approvalRequest,
  assessmentInput,
  breakGlassInput,
  caseDetail,
  caseInput,
  caseListQuery,
  caseRecord,
  caseSessionsQuery,
  caseload,
  consentInput,
  duplicateCheck,
  duplicateCheckInput,
  person,
  personInput,
  personHistoryEntry,
  personHistoryQuery,
  personListQuery,
  personPatch,
  personSummary,
  plan,
  planInput,
  referral,
  referralDecisionInput,
  referralInput,
  referralListQuery,
  retentionQuery,
  review,
  reviewInput,
  service as serviceRecord,
  serviceInput,
  serviceListQuery,
  servicePatch,
  referralTarget,
  staffMember,
  session,
  sessionInput,
  sessionParams,
  statusInput,
} from '../../../common/schemas/cases';
import { caseAssessmentLabel } from '../../../common/form-labels';
import { exportFormat, pageOf, recordVersion } from '../../../common/schemas/list';
import type { KeyRing } from '../../crypto/sealed';
import { loadedSource, sendExport, type ExportColumn } from '../../http/export';
import { figureGroupLabel, type FigureDimension } from '../../../common/figure-groups';
import { translate } from '../../../common/i18n/translate';
import { requestLanguage } from '../../http/language';
import { idParams, typed } from '../../http/route-helpers';
import { labelledFormsAbout } from '../responses';
import * as queries from './queries';
import * as records from './records';
import * as cases from './service';

const tags = ['cases'];
const read = { permission: 'cases.read' } as const;
const work = { permission: 'cases.work' } as const;
const supervise = { permission: 'cases.supervise' } as const;

const exportColumns: ExportColumn<records.ExportPerson>[] = [
  { header: 'cases.fields.code', value: (r) => r.code },
  { header: 'cases.fields.givenName', value: (r) => r.givenName },
  { header: 'cases.fields.surname', value: (r) => r.surname },
  { header: 'cases.fields.latinName', value: (r) => r.latinName },
  { header: 'cases.fields.sex', value: (r, t) => (r.sex ? t(`cases.sex.${r.sex}`) : null) },
  { header: 'cases.fields.birthDate', value: (r) => r.birthDate },
  { header: 'cases.fields.ageBand', value: (r) => r.ageBand },
  { header: 'cases.fields.targetGroup', value: (r, t) => (r.targetGroup ? t(`cases.targetGroups.${r.targetGroup}`) : null) },
  { header: 'cases.fields.registeredOn', value: (r) => r.registeredOn },
];

/** The people-served figures as a file: the page's table, the group named in the reader's language. */
function figureColumns(by: FigureDimension): ExportColumn<records.AggregateLine>[] {
  return [
    { header: 'cases.fields.organisation', value: (r, _t, lang) => r.organisation[lang] },
    {
      header: `cases.aggregates.dimension.${by}`,
      value: (r, _t, lang) =>
        r.group === undefined ? translate(lang, 'cases.aggregates.total') : figureGroupLabel(by, r.group, (key, params) => translate(lang, key, params), () => r.place?.[lang]),
    },
    { header: 'cases.aggregates.people', value: (r) => r.people },
    { header: 'cases.aggregates.sessions', value: (r) => r.sessions },
    { header: 'cases.aggregates.hiddenColumn', value: (r, t) => t(r.hidden ? 'common.yes' : 'common.no') },
  ];
}

/** Case management: people served, consent, cases, plans, sessions, referrals, supervision. */
export async function caseRoutes(app: FastifyInstance, keys: KeyRing) {
  const r = typed(app);

  // ---- services catalogue
  r.get('/services', { config: read, schema: { tags, querystring: serviceListQuery, response: { 200: pageOf(serviceRecord) } } }, (req) => records.listServices(req.gw, req.query));
  r.post('/services', { config: { permission: 'services.manage' }, schema: { tags, body: serviceInput, response: { 201: serviceRecord } } }, async (req, reply) =>
    reply.code(201).send(records.presentService(await cases.createService(req.gw, req.body))));
  r.patch('/services/:id', { config: { permission: 'services.manage' }, schema: { tags, params: idParams, body: servicePatch, response: { 200: serviceRecord } } }, async (req) =>
    records.presentService(await cases.updateService(req.gw, req.params.id, req.body)));

  // ---- people
  r.get('/people', { config: read, schema: { tags, querystring: personListQuery, response: { 200: pageOf(personSummary) } } }, (req) => queries.listPeople(req.gw, keys, req.query));
  r.get('/people/export', { config: work, schema: { tags, querystring: personListQuery.partial().extend(exportFormat.shape).extend({ deidentified: z.enum(['true', 'false']).default('false') }) } }, async (req, reply) => {
    const source = await records.exportPeople(req.gw, keys, req.query, req.query.deidentified === 'true');
    return sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: req.query.deidentified === 'true' ? 'people-deidentified' : 'people', columns: exportColumns, source });
  });
  r.post('/people/duplicates', { config: work, schema: { tags, body: duplicateCheckInput, response: { 200: duplicateCheck } } }, (req) => cases.checkDuplicates(req.gw, keys, req.body));
  r.post('/people', { config: work, schema: { tags, body: personInput, response: { 201: person } } }, async (req, reply) => reply.code(201).send(await cases.registerPerson(req.gw, keys, req.body, requestLanguage(req))));
  r.get('/people/:id', { config: read, schema: { tags, params: idParams, response: { 200: person } } }, (req) => queries.getPerson(req.gw, keys, req.params.id));
  r.patch('/people/:id', { config: work, schema: { tags, params: idParams, body: personPatch, response: { 200: person } } }, (req) => cases.updatePerson(req.gw, keys, req.params.id, req.body));
  r.get('/people/:id/history', { config: work, schema: { tags, params: idParams, querystring: personHistoryQuery, response: { 200: pageOf(personHistoryEntry) } } }, (req) => records.personHistory(req.gw, keys, req.params.id, req.query));
  r.post('/people/:id/consents', { config: work, schema: { tags, params: idParams, body: consentInput, response: { 201: person } } }, async (req, reply) =>
    reply.code(201).send(await cases.addConsent(req.gw, keys, req.params.id, req.body)));
  r.post('/people/:id/consents/:consentId/withdraw', { config: work, schema: { tags, params: idParams.extend({ consentId: z.uuid() }), response: { 200: person } } }, (req) =>
    cases.withdrawConsent(req.gw, keys, req.params.id, req.params.consentId));
  r.get('/people/:id/subject-access', { config: supervise, schema: { tags, params: idParams, querystring: z.object({ format: z.enum(['json', 'html']).default('json') }) } }, async (req, reply) => {
    const data = await records.subjectAccess(req.gw, keys, req.params.id);
    if (req.query.format === 'json') return reply.header('content-disposition', `attachment; filename="subject-access-${req.params.id}.json"`).send(data);
    return reply.type('text/html; charset=utf-8').send(records.printable(data, requestLanguage(req)));
  });
  r.post('/people/:id/erase', { config: supervise, schema: { tags, params: idParams, response: { 200: z.object({ id: z.uuid(), erased: z.boolean() }) } } }, (req) => cases.erasePerson(req.gw, keys, req.params.id));

  // ---- cases
  r.get('/caseload', { config: work, schema: { tags, response: { 200: caseload } } }, (req) => records.caseload(req.gw));
  r.get('/cases', { config: read, schema: { tags, querystring: caseListQuery, response: { 200: pageOf(caseRecord) } } }, (req) => queries.listCases(req.gw, req.query));
  r.get('/cases/retention', { config: supervise, schema: { tags, querystring: retentionQuery, response: { 200: pageOf(caseRecord) } } }, (req) => records.retention(req.gw, req.query));
  r.post('/cases', { config: work, schema: { tags, body: caseInput, response: { 201: caseRecord } } }, async (req, reply) => reply.code(201).send(await cases.openCase(req.gw, req.body)));
  r.get('/cases/:id', { config: read, schema: { tags, params: idParams, response: { 200: caseDetail } } }, async (req) => {
    const file = await queries.caseFile(req.gw, keys, req.params.id, []);
    return { ...file, assessments: await labelledFormsAbout(req.gw, { type: 'person', id: file.case.personId }, caseAssessmentLabel(req.params.id)) };
  });
  r.post('/cases/:id/status', { config: work, schema: { tags, params: idParams, body: statusInput, response: { 200: caseRecord } } }, (req) => cases.changeStatus(req.gw, req.params.id, req.body));
  r.post('/cases/:id/close', { config: work, schema: { tags, params: idParams, body: z.object({ version: recordVersion }), response: { 200: caseRecord } } }, (req) => cases.closeCase(req.gw, req.params.id, req.body.version));
  r.post('/cases/:id/assessments', { config: work, schema: { tags, params: idParams, body: assessmentInput } }, async (req, reply) =>
    reply.code(201).send(await cases.startAssessment(req.gw, req.params.id, req.body.instrumentId)));
  r.post('/cases/:id/plans', { config: work, schema: { tags, params: idParams, body: planInput, response: { 201: plan } } }, async (req, reply) =>
    reply.code(201).send(await cases.savePlan(req.gw, req.params.id, req.body)));
  r.get('/cases/:id/sessions', { config: read, schema: { tags, params: idParams, querystring: caseSessionsQuery, response: { 200: pageOf(session) } } }, (req) =>
    queries.sessionsPage(req.gw, keys, req.params.id, req.query));
  r.post('/cases/:id/sessions', { config: work, schema: { tags, params: idParams, body: sessionInput, response: { 201: session } } }, async (req, reply) =>
    reply.code(201).send(await cases.recordSession(req.gw, keys, req.params.id, req.body)));
  r.put('/cases/:id/sessions/:sessionId', { config: work, schema: { tags, params: sessionParams, body: sessionInput, response: { 200: session, 201: session } } }, async (req, reply) => {
    const { created, session: stored } = await cases.putSession(req.gw, keys, req.params.id, req.params.sessionId, req.body);
    return reply.code(created ? 201 : 200).send(stored);
  });
  r.post('/cases/:id/reviews', { config: work, schema: { tags, params: idParams, body: reviewInput, response: { 201: review } } }, async (req, reply) =>
    reply.code(201).send(await cases.recordReview(req.gw, keys, req.params.id, req.body)));
  r.post('/cases/:id/approvals', { config: work, schema: { tags, params: idParams, body: approvalRequest, response: { 201: approval } } }, async (req, reply) =>
    reply.code(201).send(await cases.requestApproval(req.gw, req.params.id, req.body)));
  r.post('/cases/:id/break-glass', { config: supervise, schema: { tags, params: idParams, body: breakGlassInput, response: { 201: z.object({ grantId: z.uuid(), expiresAt: z.string() }) } } }, async (req, reply) =>
    reply.code(201).send(await cases.breakGlass(req.gw, req.params.id, req.body)));
  r.post('/cases/:id/referrals', { config: work, schema: { tags, params: idParams, body: referralInput, response: { 201: referral } } }, async (req, reply) =>
    reply.code(201).send(await cases.sendReferral(req.gw, req.params.id, req.body)));

  // ---- supervision
  r.get('/approvals', { config: supervise, schema: { tags, response: { 200: z.array(approval) } } }, (req) => cases.pendingApprovals(req.gw));
  r.post('/approvals/:id/decide', { config: supervise, schema: { tags, params: idParams, body: approvalDecision, response: { 200: approval } } }, (req) => cases.decideApproval(req.gw, req.params.id, req.body));

  // ---- referrals
  r.get('/referral-targets', { config: { permission: 'cases.referrals.answer' }, schema: { tags, response: { 200: z.array(referralTarget) } } }, (req) => records.referralTargets(req.gw));
  r.get('/case-staff', { config: work, schema: { tags, response: { 200: z.array(staffMember) } } }, (req) => records.staff(req.gw));
  r.get('/referrals', { config: read, schema: { tags, querystring: referralListQuery, response: { 200: pageOf(referral) } } }, (req) => queries.listReferrals(req.gw, req.query));
  r.get('/referrals/:id', { config: read, schema: { tags, params: idParams, response: { 200: referral } } }, (req) => queries.getReferral(req.gw, req.params.id));
  for (const [action, run] of [['accept', cases.acceptReferral], ['decline', cases.declineReferral], ['complete', cases.completeReferral]] as const) {
    r.post(`/referrals/:id/${action}`, { config: { permission: 'cases.referrals.answer' }, schema: { tags, params: idParams, body: referralDecisionInput, response: { 200: referral } } }, (req) => run(req.gw, req.params.id, req.body));
  }
  r.post('/referrals/:id/revoke', { config: work, schema: { tags, params: idParams, response: { 200: referral } } }, (req) => cases.revokeReferral(req.gw, req.params.id));

  // ---- results (read from the replica when there is one, DATABASE_READ_URL)
  r.get('/cases-aggregates', { config: read, schema: { tags, querystring: aggregateQuery, response: { 200: aggregate } } }, (req) => records.aggregates(req.gw.onReplica(), req.query));
  // A few hundred lines at most (organisations × groups), computed whole and sent whole, never cut.
  r.get('/cases-aggregates/export', { config: read, schema: { tags, querystring: aggregateExportQuery } }, (req, reply) =>
    sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: `people-served-by-${req.query.by}`, columns: figureColumns(req.query.by), source: loadedSource(() => records.aggregateLines(req.gw.onReplica(), req.query)) }));
}
