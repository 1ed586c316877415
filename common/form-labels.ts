// The labels the cases feature gives the forms it starts, and finds them by again: written by the
// server (cases/service.ts, cases/routes.ts) and read back by the web app, which names each as a
// person reads it ("Needs assessment of a case", not "case:3ce5a74c-…"). One format, both ways.

/** What a label the cases feature wrote says; `null` for any other (a label typed by a person). */
export type FormLabel = { kind: 'caseAssessment'; caseId: string } | { kind: 'registration' };

const CASE_PREFIX = 'case:';
const REGISTRATION = 'registration';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The label of a form the cases feature starts: `case:<the case's id>` or `registration`. */
export function formLabel(label: FormLabel): string {
  return label.kind === 'caseAssessment' ? `${CASE_PREFIX}${label.caseId}` : REGISTRATION;
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
  return null;
}
