import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../common/roles';
import { useMe } from '../api/session';
import { useUpdateProfile } from '../features/profile/api';
import { applyLanguage, currentLanguage } from '../i18n';

/** Switches the interface language at once; for a signed-in user it is also saved to the profile. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const save = useUpdateProfile();
  const change = (value: string) => {
    const language = value as Language;
    void applyLanguage(language);
    if (me) save.mutate({ language });
  };
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={currentLanguage()}
      onChange={change}
      data={LANGUAGES.map((language) => ({ value: language, label: t(`languages.${language}`) }))}
    />
  );
}
