import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import fa from './fa.json';

export type Lang = 'en' | 'fa';

const stored = (typeof localStorage !== 'undefined' && localStorage.getItem('lang')) as Lang | null;
// Without a choice of the reader's own, the language the server wrote the page in (from the browser's languages).
const served: Lang = typeof document !== 'undefined' && document.documentElement.lang === 'fa' ? 'fa' : 'en';

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, fa: { translation: fa } },
  lng: stored ?? served,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

/** Sets the language and the page direction: Persian turns the whole layout right-to-left. */
export function applyLanguage(lang: Lang): void {
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'fa' ? 'rtl' : 'ltr';
  localStorage.setItem('lang', lang);
  // The server writes the public pages in this language too (a preference, not an identifier).
  document.cookie = `lang=${lang}; path=/; max-age=31536000; samesite=lax`;
}

applyLanguage(stored ?? served);

export default i18n;
