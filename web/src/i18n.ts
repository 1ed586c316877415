import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogues } from '../../common/i18n/catalogues';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../common/roles';

const STORAGE_KEY = 'ertad.language';

/** Before sign-in the last chosen language is kept in the browser; after, the user's profile wins. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
}

void i18n.use(initReactI18next).init({
  resources: { ka: { translation: catalogues.ka }, en: { translation: catalogues.en } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function applyLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  if (i18n.language !== language) void i18n.changeLanguage(language);
}

document.documentElement.lang = i18n.language;

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

export default i18n;
