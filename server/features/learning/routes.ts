import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  certificate,
  certificateCode,
  certificateExportQuery,
  certificateListQuery,
  enrolInput,
  enrolment,
  enrolmentExportQuery,
  enrolmentListQuery,
  file,
  MAX_FILE_BYTES,
  lesson,
  lessonInput,
  lessonPatch,
  me,
  moduleDetail,
  moduleInput,
  modulePatch,
  packageInput,
  packagePatch,
  packageRecord,
  participantInput,
  participantPatch,
  progressInput,
  report,
  reportExportQuery,
  reportQuery,
  selfInput,
  staff,
  staffExportQuery,
  staffInput,
  staffListQuery,
  staffLogin,
  staffLoginsQuery,
  staffPatch,
  trainingDetail,
  trainingInput,
  trainingListQuery,
  trainingPatch,
  trainingSummary,
  trainingSurvey,
  verification,
  type Certificate,
  type Enrolment,
  type Staff,
} from '../../../common/schemas/learning';
import { pageOf, recordVersion } from '../../../common/schemas/list';
import { loadedSource, sendExport, type ExportColumn } from '../../http/export';
import { requestLanguage } from '../../http/language';
import { streamUpload } from '../../http/upload';
import { notFound } from '../../http/problem';
import { idParams, typed } from '../../http/route-helpers';
import type { Storage } from '../../storage';
import { sendStored } from '../../storage/transfer';
import * as catalogue from './catalogue';
import * as certificates from './certificates';
import * as enrolments from './enrolments';
import { learningReport } from './reports';
import * as people from './staff';
import * as trainings from './trainings';
import { programmeDate } from '../../calendar';

const tags = ['learning'];
const author = { permission: 'learning.author' } as const;
const learn = { permission: 'learning.learn' } as const;
const register = { permission: 'learning.staff' } as const;
const manage = { permission: 'learning.staff.manage' } as const;

/** What the public verification route needs: a lookup below the gateway that returns the minimum. */
export interface LearningContext {
  verify: (code: string) => Promise<z.infer<typeof verification> | null>;
  /** Where lesson files live (server/storage). */
  storage: Storage;
}

const staffColumns: ExportColumn<Staff>[] = [
  { header: 'learning.staff.givenName', value: (r) => r.givenName },
  { header: 'learning.staff.surname', value: (r) => r.surname },
  { header: 'learning.staff.sex', value: (r, t) => t(`cases.sex.${r.sex}`) },
  { header: 'learning.staff.birthYear', value: (r) => r.birthYear },
  { header: 'learning.staff.position', value: (r) => r.position },
  { header: 'learning.staff.organisation', value: (r, _t, lang) => (lang === 'ka' ? r.organisationNameKa : r.organisationNameEn) },
  { header: 'learning.staff.email', value: (r) => r.email },
  { header: 'learning.staff.phone', value: (r) => r.phone },
];

const enrolmentColumns: ExportColumn<Enrolment>[] = [
  { header: 'learning.staff.name', value: (r) => r.staffName },
  { header: 'learning.exports.moduleKa', value: (r) => r.titleKa },
  { header: 'learning.exports.moduleEn', value: (r) => r.titleEn },
  { header: 'learning.exports.status', value: (r, t) => t(`learning.exports.statuses.${r.status}`) },
  { header: 'learning.exports.lessonsCompleted', value: (r) => r.lessonsCompleted },
  { header: 'learning.exports.lessonsTotal', value: (r) => r.lessonsTotal },
  { header: 'learning.exports.testScore', value: (r) => r.testScore },
  { header: 'learning.exports.passed', value: (r, t) => (r.passed === null ? '' : t(r.passed ? 'learning.exports.yes' : 'learning.exports.no')) },
  // The day in Tbilisi (between 00:00 and 04:00 there, the UTC date is the day before).
  { header: 'learning.exports.completedAt', value: (r) => (r.completedAt ? programmeDate(new Date(r.completedAt)) : '') },
];

const certificateColumns: ExportColumn<Certificate>[] = [
  { header: 'learning.exports.holder', value: (r) => r.holderName },
  { header: 'learning.exports.courseKa', value: (r) => r.courseKa },
  { header: 'learning.exports.courseEn', value: (r) => r.courseEn },
  { header: 'learning.exports.kind', value: (r, t) => t(`learning.exports.kinds.${r.kind}`) },
  { header: 'learning.exports.hours', value: (r) => r.hours },
  { header: 'learning.exports.issuedOn', value: (r) => r.issuedOn },
  { header: 'learning.certificate.code', value: (r) => r.code },
];

type ReportRow = z.infer<typeof report>['rows'][number];
const reportColumns: ExportColumn<ReportRow>[] = [
  { header: 'learning.reports.group', value: (r, t, lang) => (lang === 'en' ? r.labelEn : r.labelKa) ?? (r.group === null ? t('learning.reports.unknown') : r.group) },
  { header: 'learning.reports.people', value: (r) => r.people },
  { header: 'learning.reports.hours', value: (r) => r.hours },
  { header: 'learning.reports.suppressed', value: (r, t) => t(r.suppressed ? 'common.yes' : 'common.no') },
];

/** Learning: staff register, catalogue, self-paced learning, live trainings, certificates, reports. */
export async function learningRoutes(app: FastifyInstance, context: LearningContext) {
  const r = typed(app);

  // ---- catalogue (every signed-in user reads the published catalogue; authors everything)
  r.get('/learning/packages', { schema: { tags, response: { 200: z.array(packageRecord) } } }, (req) => catalogue.listPackages(req.gw));
  r.post('/learning/packages', { config: author, schema: { tags, body: packageInput, response: { 201: packageRecord } } }, async (req, reply) => reply.code(201).send(await catalogue.createPackage(req.gw, req.body)));
  r.patch('/learning/packages/:id', { config: author, schema: { tags, params: idParams, body: packagePatch, response: { 200: packageRecord } } }, (req) => catalogue.updatePackage(req.gw, req.params.id, req.body));
  r.post('/learning/modules', { config: author, schema: { tags, body: moduleInput, response: { 201: moduleDetail } } }, async (req, reply) => reply.code(201).send(await catalogue.createModule(req.gw, req.body)));
  r.get('/learning/modules/:id', { schema: { tags, params: idParams, response: { 200: moduleDetail } } }, (req) => catalogue.getModule(req.gw, req.params.id));
  r.patch('/learning/modules/:id', { config: author, schema: { tags, params: idParams, body: modulePatch, response: { 200: moduleDetail } } }, (req) => catalogue.updateModule(req.gw, req.params.id, req.body));
  r.post('/learning/modules/:id/lessons', { config: author, schema: { tags, params: idParams, body: lessonInput, response: { 201: lesson } } }, async (req, reply) =>
    reply.code(201).send(await catalogue.createLesson(req.gw, req.params.id, req.body)));
  r.get('/learning/lessons/:id', { schema: { tags, params: idParams, response: { 200: lesson } } }, (req) => catalogue.getLesson(req.gw, req.params.id));
  r.patch('/learning/lessons/:id', { config: author, schema: { tags, params: idParams, body: lessonPatch, response: { 200: lesson } } }, (req) => catalogue.updateLesson(req.gw, req.params.id, req.body));
  // multipart/form-data with one `file` (up to 100 MB): streamed to storage, checked by size and magic bytes.
  r.post('/learning/lessons/:id/files', { config: author, schema: { tags, params: idParams, consumes: ['multipart/form-data'], response: { 201: file } } }, async (req, reply) => {
    return reply.code(201).send(await catalogue.addLessonFile(req.gw, context.storage, req.params.id, await streamUpload(req, MAX_FILE_BYTES)));
  });
  /** A lesson file, whole or a byte range (video and PDF viewers seek with Range requests). */
  r.get('/learning/files/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    return sendStored(reply, context.storage, await catalogue.lessonFile(req.gw, req.params.id), req.headers.range);
  });
  r.post('/learning/lessons/:id/publish', { config: author, schema: { tags, params: idParams, body: z.object({ version: recordVersion }), response: { 200: lesson } } }, (req) =>
    catalogue.publishLesson(req.gw, req.params.id, req.body.version));

  // ---- staff register
  r.get('/learning/staff', { config: register, schema: { tags, querystring: staffListQuery, response: { 200: pageOf(staff) } } }, (req) => people.listStaff(req.gw, req.query));
  r.get('/learning/staff/export', { config: register, schema: { tags, querystring: staffExportQuery } }, (req, reply) =>
    sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: 'staff', columns: staffColumns, source: people.exportStaff(req.gw, req.query) }));
  r.post('/learning/staff', { config: manage, schema: { tags, body: staffInput, response: { 201: staff } } }, async (req, reply) => reply.code(201).send(await people.createStaff(req.gw, req.body)));
  // The logins an entry can be linked to (the register's keepers; the organisation's users, with their linked entry).
  r.get('/learning/staff/logins', { config: manage, schema: { tags, querystring: staffLoginsQuery, response: { 200: z.array(staffLogin) } } }, (req) => people.staffLogins(req.gw, req.query.organisationId));
  r.get('/learning/staff/:id', { config: register, schema: { tags, params: idParams, response: { 200: staff } } }, (req) => people.getStaff(req.gw, req.params.id));
  r.patch('/learning/staff/:id', { config: manage, schema: { tags, params: idParams, body: staffPatch, response: { 200: staff } } }, (req) => people.updateStaff(req.gw, req.params.id, req.body));

  // ---- the learner
  r.get('/learning/me', { schema: { tags, response: { 200: me } } }, async (req) => ({
    staff: await people.ownStaff(req.gw),
    enrolments: await enrolments.myEnrolments(req.gw),
    certificates: await certificates.myCertificates(req.gw),
  }));
  // 201: a new register entry; 200: the person's existing (unlinked) entry, now linked to their login.
  r.post('/learning/me', { config: learn, schema: { tags, body: selfInput, response: { 200: staff, 201: staff } } }, async (req, reply) => {
    const { created, staff: entry } = await people.registerSelf(req.gw, req.body);
    return reply.code(created ? 201 : 200).send(entry);
  });

  // ---- self-paced learning
  r.get('/learning/enrolments', { schema: { tags, querystring: enrolmentListQuery, response: { 200: pageOf(enrolment) } } }, (req) => enrolments.listEnrolments(req.gw, req.query));
  r.get('/learning/enrolments/export', { schema: { tags, querystring: enrolmentExportQuery } }, async (req, reply) =>
    sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: 'enrolments', columns: enrolmentColumns, source: await enrolments.exportEnrolments(req.gw, req.query) }));
  r.post('/learning/enrolments', { config: learn, schema: { tags, body: enrolInput, response: { 200: enrolment, 201: enrolment } } }, async (req, reply) => {
    const { created, enrolment: out } = await enrolments.enrol(req.gw, req.body);
    return reply.code(created ? 201 : 200).send(out);
  });
  r.get('/learning/enrolments/:id', { schema: { tags, params: idParams, response: { 200: enrolment } } }, (req) => enrolments.getEnrolment(req.gw, req.params.id));
  r.post('/learning/enrolments/:id/lessons/:lessonId', { config: learn, schema: { tags, params: idParams.extend({ lessonId: z.uuid() }), body: progressInput, response: { 200: enrolment } } }, (req) =>
    enrolments.recordProgress(req.gw, req.params.id, req.params.lessonId, req.body.completed));
  r.post('/learning/enrolments/:id/test', { config: learn, schema: { tags, params: idParams, response: { 200: z.object({ responseId: z.uuid() }) } } }, (req) => enrolments.startTest(req.gw, req.params.id));
  r.post('/learning/enrolments/:id/complete', { config: learn, schema: { tags, params: idParams, response: { 200: enrolment } } }, (req) => enrolments.completeModule(req.gw, req.params.id));

  // ---- live trainings
  r.get('/learning/trainings', { schema: { tags, querystring: trainingListQuery, response: { 200: pageOf(trainingSummary) } } }, (req) => trainings.listTrainings(req.gw, req.query));
  r.post('/learning/trainings', { config: author, schema: { tags, body: trainingInput, response: { 201: trainingDetail } } }, async (req, reply) => reply.code(201).send(await trainings.createTraining(req.gw, req.body)));
  r.get('/learning/trainings/:id', { schema: { tags, params: idParams, response: { 200: trainingDetail } } }, (req) => trainings.getTraining(req.gw, req.params.id));
  r.patch('/learning/trainings/:id', { config: author, schema: { tags, params: idParams, body: trainingPatch, response: { 200: trainingDetail } } }, (req) => trainings.updateTraining(req.gw, req.params.id, req.body));
  r.post('/learning/trainings/:id/participants', { config: author, schema: { tags, params: idParams, body: participantInput, response: { 201: trainingDetail } } }, async (req, reply) =>
    reply.code(201).send(await trainings.addParticipant(req.gw, req.params.id, req.body.staffId)));
  r.patch('/learning/participants/:id', { config: author, schema: { tags, params: idParams, body: participantPatch, response: { 200: trainingDetail } } }, (req) =>
    trainings.updateParticipant(req.gw, req.params.id, req.body));
  r.get('/learning/trainings/:id/survey', { schema: { tags, params: idParams, response: { 200: trainingSurvey } } }, (req) => trainings.trainingSurvey(req.gw, req.params.id));
  r.post('/learning/participants/:id/survey', { config: learn, schema: { tags, params: idParams, response: { 200: z.object({ responseId: z.uuid() }) } } }, (req) => trainings.startSurvey(req.gw, req.params.id));
  r.post('/learning/trainings/:id/certificates', { config: author, schema: { tags, params: idParams, response: { 200: trainingDetail } } }, (req) => trainings.issueTrainingCertificates(req.gw, req.params.id));

  // ---- certificates
  r.get('/learning/certificates', { schema: { tags, querystring: certificateListQuery, response: { 200: pageOf(certificate) } } }, (req) => certificates.listCertificates(req.gw, req.query));
  r.get('/learning/certificates/export', { schema: { tags, querystring: certificateExportQuery } }, async (req, reply) =>
    sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: 'certificates', columns: certificateColumns, source: await certificates.exportCertificates(req.gw, req.query) }));
  r.get('/learning/certificates/:id/pdf', { schema: { tags, params: idParams } }, async (req, reply) => {
    const { pdf, code } = await certificates.certificatePdf(req.gw, req.params.id, `${req.protocol}://${req.host}`);
    return reply.header('content-disposition', `attachment; filename="certificate-${code}.pdf"`).type('application/pdf').send(pdf);
  });
  /** Public: anyone holding the code sees the holder's name, the course and the date, nothing else. */
  r.get('/learning/verify/:code', { config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } }, schema: { tags, params: certificateCode, response: { 200: verification } } }, async (req) => {
    const found = await context.verify(req.params.code);
    if (!found) throw notFound();
    return found;
  });

  // ---- reports (aggregates; small cells suppressed where the reader does not see participants)
  // Read from the replica when there is one (DATABASE_READ_URL), as all read-heavy reports.
  r.get('/learning/reports', { schema: { tags, querystring: reportQuery, response: { 200: report } } }, (req) => learningReport(req.gw.onReplica(), req.query));
  // The report is an aggregate: one row per group (sexes, age bands, organisations, municipalities
  // or packages: at most a few hundred rows at national scale), computed in one go. It is held in
  // memory and sent whole, never cut; there are no table rows to stream.
  r.get('/learning/reports/export', { schema: { tags, querystring: reportExportQuery } }, (req, reply) =>
    sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: `learning-${req.query.by}`, columns: reportColumns, source: loadedSource(async () => (await learningReport(req.gw.onReplica(), req.query)).rows) }));
}
