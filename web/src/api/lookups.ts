import { useTranslation } from 'react-i18next';

/** The name in the interface language (records carry both). */
export function useLocalName() {
  const { i18n } = useTranslation();
  return (record: { nameKa: string; nameEn: string } | undefined) =>
    record ? (i18n.language === 'ka' ? record.nameKa : record.nameEn) : '';
}
