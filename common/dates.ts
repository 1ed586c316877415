// Month names that ship with the app, for the browser and the server's PDFs alike: a browser
// without Georgian locale data (many Android WebViews, older Windows) would otherwise show English
// months or numbers only.

export const MONTHS = {
  ka: ['იან', 'თებ', 'მარ', 'აპრ', 'მაი', 'ივნ', 'ივლ', 'აგვ', 'სექ', 'ოქტ', 'ნოე', 'დეკ'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
} as const;

export type DateLanguage = keyof typeof MONTHS;
export const dateLanguageOf = (language: string): DateLanguage => (language === 'en' ? 'en' : 'ka');

/** A calendar day (`YYYY-MM-DD`, no time zone involved) as read: `26 ნოე 2026` / `26 Nov 2026`. */
export function formatDay(day: string, language: string): string {
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return day;
  return `${date} ${MONTHS[dateLanguageOf(language)][month - 1]} ${year}`;
}
