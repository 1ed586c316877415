import type { Assessment, SupervisionSession, SupportItem } from '../../../common/schemas/capacity';
import type { ExportColumn } from '../../http/export';
import type { OrganisationNames } from './names';
import type { ExportedPlanAction } from './plan';
import type { ExportedMentoringSession } from './records';

// Columns of the capacity exports (CSV/XLSX); headers and enum values are catalogue keys.

/** Whose record each row is, leading every capacity export (see names.ts). */
const organisationColumns: ExportColumn<OrganisationNames>[] = [
  { header: 'organisations.nameKa', value: (r) => r.organisationNameKa },
  { header: 'organisations.nameEn', value: (r) => r.organisationNameEn },
];

export const assessmentColumns: ExportColumn<Assessment>[] = [
  ...organisationColumns,
  { header: 'capacity.round', value: (a, _t, lang) => (lang === 'ka' ? a.roundNameKa : a.roundNameEn) },
  { header: 'capacity.roundStartsOn', value: (a) => a.roundStartsOn },
  { header: 'capacity.facilitators', value: (a) => a.facilitators },
  { header: 'common.status', value: (a, t) => t(`capacity.status.${a.status}`) },
  { header: 'capacity.overall', value: (a) => a.overall },
];

export const planColumns: ExportColumn<ExportedPlanAction>[] = [
  ...organisationColumns,
  { header: 'capacity.plan.subArea', value: (p, _t, lang) => p.subAreaLabel?.[lang] ?? p.subArea },
  { header: 'capacity.plan.baselineScore', value: (p) => p.baselineScore },
  { header: 'capacity.plan.targetScore', value: (p) => p.targetScore },
  { header: 'capacity.plan.priority', value: (p) => p.priority },
  { header: 'capacity.plan.action', value: (p) => p.action },
  { header: 'capacity.plan.responsible', value: (p) => p.responsible },
  { header: 'capacity.plan.resources', value: (p) => p.resources },
  { header: 'capacity.plan.deadline', value: (p) => p.deadline },
  { header: 'common.status', value: (p, t) => t(`capacity.planStatus.${p.status}`) },
  { header: 'capacity.plan.overdue', value: (p, t) => t(p.overdue ? 'common.yes' : 'common.no') },
  { header: 'capacity.plan.evidence', value: (p) => p.evidence },
];

export const mentoringColumns: ExportColumn<ExportedMentoringSession>[] = [
  ...organisationColumns,
  { header: 'capacity.mentoring.heldOn', value: (m) => m.heldOn },
  { header: 'capacity.mentoring.mentor', value: (m) => m.mentorName },
  { header: 'capacity.mentoring.format', value: (m, t) => t(`capacity.formats.${m.format}`) },
  { header: 'capacity.durationMinutes', value: (m) => m.durationMinutes },
  { header: 'capacity.mentoring.participants', value: (m) => m.participants },
  { header: 'capacity.mentoring.topics', value: (m) => m.topics },
  { header: 'capacity.mentoring.planActions', value: (m) => m.planActions.join('; ') },
  { header: 'capacity.mentoring.followUps', value: (m) => m.followUps.map((f) => `${f.text}${f.dueOn ? ` (${f.dueOn})` : ''}`).join('; ') },
  // Whole, however long: the export is the record kept outside Ertad.
  { header: 'capacity.mentoring.notes', value: (m) => m.notes },
];

export const supervisionColumns: ExportColumn<SupervisionSession & OrganisationNames>[] = [
  ...organisationColumns,
  { header: 'capacity.supervision.heldOn', value: (s) => s.heldOn },
  { header: 'capacity.supervision.supervisor', value: (s) => s.supervisor },
  { header: 'capacity.supervision.supervisee', value: (s) => s.supervisee },
  { header: 'capacity.supervision.type', value: (s, t) => t(`capacity.supervisionTypes.${s.type}`) },
  { header: 'capacity.durationMinutes', value: (s) => s.durationMinutes },
  { header: 'capacity.supervision.themes', value: (s) => s.themes },
];

export const supportColumns: ExportColumn<SupportItem & OrganisationNames>[] = [
  ...organisationColumns,
  { header: 'capacity.support.category', value: (s, t) => t(`capacity.categories.${s.category}`) },
  { header: 'capacity.support.description', value: (s) => s.description },
  { header: 'capacity.support.value', value: (s) => s.value },
  { header: 'capacity.support.currency', value: (s) => s.currency },
  { header: 'capacity.support.deliveredOn', value: (s) => s.deliveredOn },
  { header: 'capacity.support.need', value: (s) => s.need },
  { header: 'capacity.support.acceptanceDocument', value: (s) => s.acceptanceDocument },
];
