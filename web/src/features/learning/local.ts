import { useTranslation } from 'react-i18next';

/** Picks the Georgian or English of a pair, by the interface language (Georgian when English is empty). */
export function useLocal() {
  const { i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (ka: string, enText: string) => (en && enText ? enText : ka);
}
