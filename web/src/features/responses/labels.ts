import { useTranslation } from 'react-i18next';

/**
 * A form's label as a person reads it. The cases feature labels the forms it starts with keys it
 * finds them by again (`case:<the case's id>`, `registration`): shown as they are, a needs
 * assessment read "case:3ce5a74c-…" in its header and in the drafts to finish.
 */
export function useResponseLabel(): (label: string) => string {
  const { t } = useTranslation();
  return (label) => {
    if (/^case:[0-9a-f-]{36}$/.test(label)) return t('responses.labels.caseAssessment');
    if (label === 'registration') return t('responses.labels.registration');
    return label;
  };
}
