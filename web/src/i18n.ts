import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ka } from '../../common/i18n/ka';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../common/roles';

const STORAGE_KEY = 'ertad.language';

/** Before sign-in the last chosen language is kept in the browser; after, the user's profile wins. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
}

// Georgian, the default, comes with the app; English is downloaded only by those who choose it,
// which keeps the first download of a phone on a weak connection smaller.
void i18n.use(initReactI18next).init({
  resources: { ka: { translation: ka } },
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  interpolation: { escapeValue: false },
  returnNull: false,
});

async function loadCatalogue(language: Language): Promise<void> {
  if (i18n.hasResourceBundle(language, 'translation')) return;
  const { en } = await import('../../common/i18n/en');
  i18n.addResourceBundle('en', 'translation', en);
}

/** Switches the interface language (after downloading its catalogue the first time). */
export async function applyLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  await loadCatalogue(language);
  document.documentElement.lang = language;
  if (i18n.language !== language) await i18n.changeLanguage(language);
}

/** Resolves once the language the app starts in is ready; the app renders after it. */
export const i18nReady = applyLanguage(initialLanguage());

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

export default i18n;
