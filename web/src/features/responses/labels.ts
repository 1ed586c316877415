import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { capacityFormTitle, parseFormLabel } from '../../../../common/form-labels';
import { capacityQueries } from '../capacity/api';

/**
 * A form's label as a person reads it, in the reader's language. Features label the forms they
 * start with keys they find them by again (`common/form-labels.ts`): shown as they are, a needs
 * assessment read "case:3ce5a74c-…" in its header and in the drafts to finish, and a capacity
 * assessment's form names its round (by the round's current name in the reader's language) and
 * who filled it in. The server's files name them the same way (`formLabelIn`).
 */
export function useResponseLabel(): (label: string) => string {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ka';
  // Programme-wide and read by every signed-in user; a few rows, shared with the capacity pages.
  const rounds = useQuery(capacityQueries.rounds());
  return (label) => {
    const known = parseFormLabel(label);
    if (!known) return label;
    if (known.kind === 'caseAssessment') return t('responses.labels.caseAssessment');
    if (known.kind === 'registration') return t('responses.labels.registration');
    const round = rounds.data?.find((r) => r.id === known.roundId);
    return capacityFormTitle(known, round, lang, { consensus: t('responses.labels.capacityConsensus'), unknownRound: t('responses.labels.capacityRound') });
  };
}
