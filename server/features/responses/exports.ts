import type { Language } from '../../../common/roles';
import type { Gateway } from '../../access/gateway';
import { exportFile, type ExportColumn, type ExportFile } from '../../http/export';
import type { ResponseFilters } from './queries';
import { exportAnswers } from './answers-export';
import type { AnswersExportQuery } from '../../../common/schemas/answers';
import { exportResponses, type ResponseExportRow } from './service';

const responseColumns: ExportColumn<ResponseExportRow>[] = [
  { header: 'instruments.titleKa', value: (r) => r.instrumentTitleKa },
  { header: 'instruments.titleEn', value: (r) => r.instrumentTitleEn },
  { header: 'instruments.version', value: (r) => r.versionNumber },
  { header: 'responses.label', value: (r) => r.label },
  { header: 'organisations.nameKa', value: (r) => r.organisationNameKa },
  { header: 'organisations.nameEn', value: (r) => r.organisationNameEn },
  { header: 'common.status', value: (r, t) => t(`responses.status.${r.status}`) },
  { header: 'instruments.score', value: (r) => r.scoreOverall },
  { header: 'responses.level', value: (r) => r.scoreBand },
  { header: 'responses.submittedAt', value: (r) => r.submittedAt },
  { header: 'responses.updatedAt', value: (r) => r.updatedAt },
];

/** The list of filled-in forms as a file (the foreground download and the background export). */
export function responsesExportFile(gw: Gateway, query: ResponseFilters & { format: 'csv' | 'xlsx' }, lang: Language, onError?: (error: unknown) => void): Promise<ExportFile> {
  return exportFile({ format: query.format, lang, filename: 'responses', columns: responseColumns, source: exportResponses(gw, query), ...(onError ? { onError } : {}) });
}

/** The answers of one instrument as a file (see answers-export.ts). */
export function answersExportFile(gw: Gateway, query: AnswersExportQuery & { instrumentId: string }, opts: { lang: Language; origin: string }): Promise<ExportFile> {
  return exportAnswers(gw, query.instrumentId, query, opts);
}
