// The console's words: the same assets/i18n/zh-CN.json and en.json the kiosk reads (served under /console/i18n/),
// Chinese first, with a 中文/English choice kept in localStorage.

const STORAGE_KEY = 'console.language';
const LANGUAGES = ['zh-CN', 'en'];
let current = 'zh-CN';
let words = {};

// The language the console is in.
export function language() {
  return current;
}

// Loads the remembered language (or Chinese).
export async function loadLanguage() {
  let saved = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch (e) {
    saved = null;
  }
  await setLanguage(LANGUAGES.includes(saved) ? saved : 'zh-CN');
}

// Switches to `lang` ('zh-CN' or 'en') and remembers it.
export async function setLanguage(lang) {
  const res = await fetch(`/console/i18n/${lang}.json`, { cache: 'no-cache' });
  if (!res.ok) throw new Error(`cannot load the words of ${lang}`);
  words = await res.json();
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch (e) {
    // private windows may refuse; the choice then lasts for this page only
  }
}

// The other language, for the toggle.
export function otherLanguage() {
  return current === 'zh-CN' ? 'en' : 'zh-CN';
}

// The words for `key`, with {name} replaced from `vars`: t('console.login.left', {n: 3}). An unknown key shows
// as itself, so it is seen and fixed.
export function t(key, vars = {}) {
  const text = Object.prototype.hasOwnProperty.call(words, key) ? words[key] : key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

// Whether the table has `key` (for labels of open-ended values such as audit actions).
export function has(key) {
  return Object.prototype.hasOwnProperty.call(words, key);
}
