import type { Assessment, SupervisionSession, SupportItem, aggregates } from '../../../common/schemas/capacity';
import type { Language } from '../../../common/roles';
import type { z } from 'zod';
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
  // The responsible user by their name as it is now; the free text for an action without one.
  { header: 'capacity.plan.responsible', value: (p) => p.responsibleUserName ?? p.responsible },
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
  // A picked user by their name as it is now; otherwise the name typed.
  { header: 'capacity.supervision.supervisor', value: (s) => s.supervisorName ?? s.supervisor },
  { header: 'capacity.supervision.supervisee', value: (s) => s.superviseeName ?? s.supervisee },
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

type HeatMap = z.infer<typeof aggregates>;
/** A row of the portfolio (a CSO) or of the averages (a place, with how many CSOs it averages). */
type HeatMapRow = Pick<HeatMap['rows'][number], 'nameKa' | 'nameEn' | 'overall' | 'scores'> & Partial<Pick<HeatMap['rows'][number], 'csos' | 'suppressed'>>;

/**
 * The portfolio heat map or the averages by place as the page's table: a row per CSO or place,
 * a column per GESI domain (headed by its name in the reader's language), then the overall score;
 * the averages also say how many CSOs each row averages, and which are hidden (too few CSOs).
 */
export function heatMapColumns(domains: HeatMap['domains'], lang: Language, nameHeader: string, perPlace: boolean): ExportColumn<HeatMapRow>[] {
  return [
    { header: nameHeader, value: (r) => (lang === 'en' ? r.nameEn : r.nameKa) },
    ...(perPlace
      ? [
          { header: 'capacity.portfolio.csos', value: (r: HeatMapRow) => r.csos },
          { header: 'capacity.portfolio.hiddenColumn', value: (r: HeatMapRow, t: (key: string) => string) => t(r.suppressed ? 'common.yes' : 'common.no') },
        ]
      : []),
    ...domains.map((d): ExportColumn<HeatMapRow> => ({ header: d.label[lang], headerText: true, value: (r) => r.scores[d.name] ?? null })),
    { header: 'capacity.overall', value: (r) => r.overall },
  ];
}
