// The labels features give the forms they start, and find them by again: written by the server
// and read back by the web app and the exports, which name each as a person reads it, in the
// reader's language ("Needs assessment of a case", not "case:3ce5a74c-…"). One format, both ways.
//
// - the cases feature (cases/service.ts, cases/routes.ts): `case:<the case's id>`, `registration`;
// - capacity assessments (capacity/assessments.ts): `capacity:<round id>:consensus` and
//   `capacity:<round id>:rater:<the rater's name>`. The round is named when the label is read, in
//   the reader's language (and by its current name), never stored in both languages in one text.

/** What a label a feature wrote says; `null` for any other (a label typed by a person). */
export type FormLabel =
  | { kind: 'caseAssessment'; caseId: string }
  | { kind: 'registration' }
  | { kind: 'capacityConsensus'; roundId: string }
  | { kind: 'capacityRating'; roundId: string; rater: string };

const CASE_PREFIX = 'case:';
const REGISTRATION = 'registration';
const CAPACITY_PREFIX = 'capacity:';
const CONSENSUS = 'consensus';
const RATER = 'rater:';
/** A uuid as PostgreSQL writes it (lower case); `CAPACITY_LABEL_SQL` below matches the same. */
const UUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID = new RegExp(`^${UUID_SOURCE}$`, 'i');
const CAPACITY = new RegExp(`^${CAPACITY_PREFIX}(${UUID_SOURCE}):(?:(${CONSENSUS})|${RATER}(.+))$`, 's');

/** The label of a form a feature starts (see the formats above). */
export function formLabel(label: FormLabel): string {
  switch (label.kind) {
    case 'caseAssessment':
      return `${CASE_PREFIX}${label.caseId}`;
    case 'registration':
      return REGISTRATION;
    case 'capacityConsensus':
      return `${CAPACITY_PREFIX}${label.roundId}:${CONSENSUS}`;
    case 'capacityRating':
      return `${CAPACITY_PREFIX}${label.roundId}:${RATER}${label.rater}`;
  }
}

/** The label of a case's needs assessments. */
export const caseAssessmentLabel = (caseId: string): string => formLabel({ kind: 'caseAssessment', caseId });

/** The label of the screening recorded when a person is registered. */
export const REGISTRATION_LABEL = formLabel({ kind: 'registration' });

/** What `label` says when the cases feature wrote it; `null` otherwise. */
export function parseFormLabel(label: string): FormLabel | null {
  if (label === REGISTRATION) return { kind: 'registration' };
  if (label.startsWith(CASE_PREFIX)) {
    const caseId = label.slice(CASE_PREFIX.length);
    if (UUID.test(caseId)) return { kind: 'caseAssessment', caseId };
  }
  const capacity = CAPACITY.exec(label);
  if (capacity) {
    const roundId = capacity[1]!;
    return capacity[2] ? { kind: 'capacityConsensus', roundId } : { kind: 'capacityRating', roundId, rater: capacity[3]! };
  }
  return null;
}

/**
 * The same formats as PostgreSQL regular expressions, for reading labels in SQL (lists and
 * exports): `server/features/responses/queries.ts`, `formLabelIn`. In a capacity label the round's
 * id is characters 10–45, and who filled the form in starts at 47 (`consensus`) or, after
 * `rater:`, at 53.
 */
export const LABEL_SQL = {
  capacity: `^${CAPACITY_PREFIX}${UUID_SOURCE}:(${CONSENSUS}$|${RATER}.)`,
  capacityConsensus: `^${CAPACITY_PREFIX}${UUID_SOURCE}:${CONSENSUS}$`,
  caseAssessment: `^${CASE_PREFIX}${UUID_SOURCE}$`,
  registration: REGISTRATION,
} as const;

/** A round's names in both languages, as `capacity/rounds` lists them. */
export interface RoundNames {
  nameKa: string;
  nameEn: string;
}

/**
 * What a capacity form's label says in `lang`: the round's name (or `unknownRound` when the reader
 * has not got it) and who filled it in: the consensus session (`consensus`, already in `lang`) or
 * the rater, by the name typed.
 */
export function capacityFormTitle(label: Extract<FormLabel, { roundId: string }>, round: RoundNames | undefined, lang: 'ka' | 'en', words: { consensus: string; unknownRound: string }): string {
  const roundName = round ? (lang === 'en' ? round.nameEn || round.nameKa : round.nameKa || round.nameEn) : words.unknownRound;
  return `${roundName} — ${label.kind === 'capacityConsensus' ? words.consensus : label.rater}`;
}
