import type { SQL } from 'drizzle-orm';
import { translate } from '../../../common/i18n/translate';
import type { Language } from '../../../common/roles';
import { RESPONSE_STATUSES } from '../../../common/schemas/response';
import type { Gateway } from '../../access/gateway';
import { OWNED, PROGRAMME } from '../../access/registry';
import { csvSql, exportFile, type ExportColumn, type ExportFile } from '../../http/export';
import { formLabelIn, scoreBandIn, scoreOverall, type ResponseFilters } from './queries';
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
  { header: 'responses.submittedAt', value: (r) => r.submittedAt, dateTime: true },
  { header: 'responses.updatedAt', value: (r) => r.updatedAt, dateTime: true },
];

/**
 * The same columns as the text the file holds, in SQL, for PostgreSQL to write the CSV itself
 * (background exports): `exports.test.ts` checks that both write the same file.
 */
function responseColumnsSql(lang: Language): SQL[] {
  const responses = OWNED.responses.table;
  const orgs = OWNED.organisations.table;
  const { instruments, instrumentVersions } = PROGRAMME;
  const statusText = Object.fromEntries(RESPONSE_STATUSES.map((status) => [status, translate(lang, `responses.status.${status}`)]));
  return [
    csvSql.text(instruments.titleKa),
    csvSql.text(instruments.titleEn),
    csvSql.number(instrumentVersions.number),
    csvSql.text(formLabelIn(lang)),
    csvSql.text(orgs.nameKa),
    csvSql.text(orgs.nameEn),
    csvSql.choice(responses.status, statusText),
    csvSql.number(scoreOverall),
    csvSql.text(scoreBandIn(lang)),
    csvSql.timestamp(responses.submittedAt),
    csvSql.timestamp(responses.updatedAt),
  ];
}

/**
 * The list of filled-in forms as a file (the download and the background export), which
 * PostgreSQL writes as CSV itself where it can (`responseColumnsSql`).
 */
export function responsesExportFile(
  gw: Gateway,
  query: ResponseFilters & { format: 'csv' | 'xlsx' },
  lang: Language,
  opts: { onError?: (error: unknown) => void } = {},
): Promise<ExportFile> {
  const source = exportResponses(gw, query, lang, query.format === 'csv' ? responseColumnsSql(lang) : undefined);
  return exportFile({ format: query.format, lang, filename: 'responses', columns: responseColumns, source, ...opts });
}

/** The answers of one instrument as a file (see answers-export.ts). */
export function answersExportFile(gw: Gateway, query: AnswersExportQuery & { instrumentId: string }, opts: { lang: Language; origin: string }): Promise<ExportFile> {
  return exportAnswers(gw, query.instrumentId, query, opts);
}
