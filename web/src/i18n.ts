import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import kaAuth from '../../common/i18n/ka/auth.json';
import kaCore from '../../common/i18n/ka/core.json';
import kaOffline from '../../common/i18n/ka/offline.json';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../common/roles';

const STORAGE_KEY = 'ertad.language';

/** Before sign-in the last chosen language is kept in the browser; after, the user's profile wins. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
}

// Georgian, the default, comes with the app: with the first screen only what the sign-in page and
// the shell's messages need (core, auth, and the offline messages of the API client); the other
// features' messages follow at once in the background, and every page and the signed-in shell
// wait for them (`wholeCatalogue`). English is downloaded only by those who choose it. This keeps
// the first download of a phone on a weak connection smaller.
void i18n.use(initReactI18next).init({
  resources: { ka: { translation: { ...kaCore, ...kaAuth, ...kaOffline } } },
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  interpolation: { escapeValue: false },
  returnNull: false,
});

let georgian: Promise<void> | undefined;
/** The whole Georgian catalogue (downloaded once). */
function wholeGeorgian(): Promise<void> {
  return (georgian ??= import('../../common/i18n/ka').then(({ ka }) => void i18n.addResourceBundle('ka', 'translation', ka, true, true)));
}

async function loadCatalogue(language: Language): Promise<void> {
  if (language === 'ka') return wholeGeorgian();
  if (i18n.hasResourceBundle(language, 'translation')) return;
  const { en } = await import('../../common/i18n/en');
  i18n.addResourceBundle('en', 'translation', en);
}

/**
 * Resolves once the language shown has all its messages: pages and the signed-in shell load
 * through it (router.tsx), so none shows a missing message.
 */
export function wholeCatalogue(): Promise<void> {
  return loadCatalogue(currentLanguage());
}

/** Switches the interface language (after downloading its catalogue the first time). */
export async function applyLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  await loadCatalogue(language);
  document.documentElement.lang = language;
  if (i18n.language !== language) await i18n.changeLanguage(language);
}

/**
 * Resolves once the language the app starts in is ready for the first screen; the app renders
 * after it. Georgian is ready at once (its first part is in the app) and the rest is fetched now.
 */
function start(language: Language): Promise<void> {
  if (language !== 'ka') return applyLanguage(language);
  void wholeGeorgian();
  return Promise.resolve();
}
export const i18nReady = start(initialLanguage());

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

export default i18n;
