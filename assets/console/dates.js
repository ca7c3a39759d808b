// Dates as the console shows and takes them: YYYY-MM-DD in every browser locale (a type=date input would show the
// locale's mm/dd/yyyy in the Chinese page), and today in the hall.
import { el } from './dom.js';
import { t } from './i18n.js';

// "2026/4/1", "2026.4.1", "2026年4月1日" or "20260401" as 2026-04-01; "" stays ""; null when it is no date.
export function normalDate(text) {
  const s = String(text || '').trim();
  if (!s) return '';
  const m = s.match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/) || s.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

// A date as text, YYYY-MM-DD whatever the browser's locale (a type=date input would show the locale's mm/dd/yyyy);
// typed 2026/4/1 becomes 2026-04-01 when the field is left, and a form with something else in it is not sent.
export function dateInput(id, value = '') {
  const input = el('input', { id, class: 'date', value, maxlength: 12, inputmode: 'numeric', autocomplete: 'off',
    placeholder: 'YYYY-MM-DD', pattern: '\\d{4}-\\d{2}-\\d{2}', title: t('console.form.date_hint') });
  const check = () => {
    const d = normalDate(input.value);
    if (d) input.value = d;
    input.setCustomValidity(d === null ? t('console.form.date_hint') : '');
  };
  input.addEventListener('change', check);
  input.addEventListener('blur', check);
  return input;
}

// Today in the hall (the browser's clock at the hall's UTC offset): 2026-11-27.
export function hallToday(offsetMinutes) {
  return new Date(Date.now() + offsetMinutes * 60000).toISOString().slice(0, 10);
}

