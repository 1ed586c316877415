import { SegmentedControl } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../common/roles';
import { api } from '../api/client';
import { ME_KEY, useMe } from '../api/session';
import { applyLanguage, currentLanguage } from '../i18n';

/** Switches the interface language at once; for a signed-in user it is also saved to the profile. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const client = useQueryClient();
  const change = async (value: string) => {
    const language = value as Language;
    applyLanguage(language);
    if (me) {
      const updated = await api('PATCH', '/me', { language });
      client.setQueryData(ME_KEY, updated);
      await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    }
  };
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={currentLanguage()}
      onChange={(value) => void change(value)}
      data={LANGUAGES.map((language) => ({ value: language, label: t(`languages.${language}`) }))}
    />
  );
}
