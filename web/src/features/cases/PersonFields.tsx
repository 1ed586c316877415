import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PERSON_LANGUAGES, PERSON_TARGET_GROUPS, type PersonSummary } from '../../../../common/schemas/cases';
import { formatDate } from '../../components/dates';
import { caseQueries } from './api';

/** A person's birth as people pages show it: the date, or "~N years" when only an age was known. */
export function useBirthText() {
  const { t, i18n } = useTranslation();
  return (p: Pick<PersonSummary, 'birthDate' | 'estimatedAge' | 'ageBand'>): string =>
    p.birthDate ? formatDate(p.birthDate, i18n.language) : p.estimatedAge !== null ? t('cases.people.years', { n: p.estimatedAge }) : (p.ageBand ?? '');
}

/** Choices of the language and target-group selects. */
export function usePersonOptions() {
  const { t } = useTranslation();
  return {
    languages: PERSON_LANGUAGES.map((value) => ({ value, label: t(`cases.languages.${value}`) })),
    targetGroups: PERSON_TARGET_GROUPS.map((value) => ({ value, label: t(`cases.targetGroups.${value}`) })),
  };
}

interface RepresentativeSelectProps {
  value: string | null;
  onChange: (id: string | null) => void;
  /** The person being edited, never their own representative. */
  excludeId?: string;
  /** The current representative, shown before any search. */
  current?: { id: string; label: string } | null;
  error?: React.ReactNode;
}

/** A legal representative: another person the CSO serves, found by typing a name. */
export function RepresentativeSelect({ value, onChange, excludeId, current, error }: RepresentativeSelectProps) {
  const { t } = useTranslation();
  const birthText = useBirthText();
  const [search, setSearch] = useState('');
  const found = useQuery(caseQueries.people(search));
  const labelOf = (p: PersonSummary) => [p.givenName, p.surname, birthText(p)].filter(Boolean).join(' ');
  const options = (found.data?.items ?? []).filter((p) => p.id !== excludeId && p.id !== current?.id).map((p) => ({ value: p.id, label: labelOf(p) }));
  const data = [...(current ? [{ value: current.id, label: current.label }] : []), ...options];
  return (
    <Select
      label={t('cases.personPage.representative')}
      placeholder={t('cases.personPage.representativeSearch')}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      filter={({ options: all }) => all}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}
