import { useTranslation } from 'react-i18next';
import { parseFormLabel } from '../../../../common/form-labels';

/**
 * A form's label as a person reads it. The cases feature labels the forms it starts with keys it
 * finds them by again (`common/form-labels.ts`): shown as they are, a needs assessment read
 * "case:3ce5a74c-…" in its header and in the drafts to finish.
 */
export function useResponseLabel(): (label: string) => string {
  const { t } = useTranslation();
  return (label) => {
    const known = parseFormLabel(label);
    if (known?.kind === 'caseAssessment') return t('responses.labels.caseAssessment');
    if (known?.kind === 'registration') return t('responses.labels.registration');
    return label;
  };
}
