// What the reference-data pages (排班, 人员与PIN, 事项清单, 差评原因, 工作日历, 窗口, 报表) share: labelled fields,
// the department and period pickers, month calendars, who may change what, an
// upload card that shows HQ's all-or-nothing answer by line, and an edit dialog.
import { api, ApiError } from './api.js';
import { el, fill } from './dom.js';
import { t } from './i18n.js';
import { grid, messageLine } from './cases.js';
import { dateInput, normalDate } from './dates.js';

// A label over its input (the input needs an id).
export function field(label, input, hint) {
  return el('div', { class: 'field' }, el('label', { for: input.id }, label), input,
    hint ? el('small', { class: 'muted' }, hint) : null);
}

// A department select of `depts`; `all` adds an "all departments" choice first.
export function departmentSelect(id, depts, chosen, all = false) {
  return el('select', { id },
    all && depts.length > 1 ? el('option', { value: '' }, t('console.cases.all_departments')) : null,
    depts.map((d) => el('option', { value: d.id, selected: d.id === chosen || d.name === chosen }, d.name)));
}

// Whether `user` may change data of the department `deptId` (as HQ decides: the bureau everything, a liaison their
// own, a viewer nothing); with no department, whether they may change hall-wide data (the bureau only).
export function mayChange(user, depts, deptId) {
  if (user.role === 'admin') return true;
  if (user.role !== 'liaison' || !deptId) return false;
  const d = depts.find((x) => x.id === deptId);
  return Boolean(d && d.name === user.department);
}

// 138****5678 (a phone as lists show it); short numbers keep their last four digits only.
export function maskedPhone(phone) {
  const s = String(phone || '');
  if (!s) return '—';
  if (s.includes('*')) return s;
  return s.length >= 8 ? `${s.slice(0, 3)}****${s.slice(-4)}` : `****${s.slice(-4)}`;
}

// A select of the years from next year back to four years ago (and `chosen`, if further), `chosen` selected.
export function yearSelect(id, chosen, thisYear) {
  const years = el('select', { id });
  for (let y = Math.max(thisYear + 1, chosen); y >= Math.min(thisYear - 4, chosen); y -= 1)
    years.append(el('option', { value: y, selected: y === chosen }, t('console.period.year_n', { year: y })));
  return years;
}

// The period picker (CONSOLE_API.md "Reports"): a quarter 2026Q2, a half-year 2026H1, a year 2026 or two dates
// 2026-04-01..2026-05-15. `node` is the fields, `value()` the period ('' when the dates are not dates).
export function periodPicker(id, initial, today) {
  const year = Number(today.slice(0, 4));
  const m = String(initial || '').match(/^(\d{4})(?:(Q[1-4]|H[12]))?$/);
  const range = String(initial || '').match(/^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/);
  const quarter = `Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
  let kind = 'quarter';
  if (range) kind = 'dates';
  else if (m && !m[2]) kind = 'year';
  else if (m && m[2].startsWith('H')) kind = 'half';
  const chosenYear = m ? Number(m[1]) : year;
  const kinds = el('select', { id: `${id}-kind` }, [['quarter', 'console.period.quarter'], ['half', 'console.period.half'],
    ['year', 'console.period.year'], ['dates', 'console.period.dates']].map(([v, k]) =>
    el('option', { value: v, selected: v === kind }, t(k))));
  const years = yearSelect(`${id}-year`, chosenYear, year);
  const quarters = el('select', { id: `${id}-quarter` }, ['Q1', 'Q2', 'Q3', 'Q4'].map((q, i) =>
    el('option', { value: q, selected: m && m[2] ? m[2] === q : q === quarter }, t('console.period.quarter_n', { n: i + 1 }))));
  const halves = el('select', { id: `${id}-half` },
    el('option', { value: 'H1', selected: m && m[2] === 'H1' }, t('console.period.h1')),
    el('option', { value: 'H2', selected: m && m[2] === 'H2' }, t('console.period.h2')));
  const from = dateInput(`${id}-from`, range ? range[1] : '');
  const to = dateInput(`${id}-to`, range ? range[2] : '');
  const fields = {
    year: field(t('console.period.year'), years), quarter: field(t('console.period.quarter'), quarters),
    half: field(t('console.period.half'), halves), from: field(t('console.cases.from'), from),
    to: field(t('console.cases.to'), to),
  };
  const show = () => {
    const k = kinds.value;
    fields.year.hidden = k === 'dates';
    fields.quarter.hidden = k !== 'quarter';
    fields.half.hidden = k !== 'half';
    fields.from.hidden = fields.to.hidden = k !== 'dates';
  };
  kinds.addEventListener('change', show);
  show();
  const value = () => {
    const k = kinds.value;
    if (k === 'quarter') return `${years.value}${quarters.value}`;
    if (k === 'half') return `${years.value}${halves.value}`;
    if (k === 'year') return years.value;
    const [a, b] = [normalDate(from.value), normalDate(to.value)];
    return a && b ? `${a}..${b}` : '';
  };
  return { node: [field(t('console.period.kind'), kinds), Object.values(fields)], value };
}

// An upload card: a file, sent as it is to `target()` (a path with its query); HQ imports all of it or nothing.
// Says how many rows were imported and HQ's notes, or lists the bad rows by line (table `${id}-errors`) and that
// nothing was stored. `done(answer)` follows a good upload (to redraw what it changed).
// With `disabled` (a text saying why), the card shows that instead of taking a file.
export function uploadCard(id, { title, hint, target, done, extra = [], accept = '.xlsx,.csv,.txt,.json', disabled = null }) {
  // The browser's own file button speaks the browser's language: it is hidden behind one in the page's words.
  const file = el('input', { type: 'file', id: `${id}-file`, class: 'file-input', accept, disabled: Boolean(disabled) });
  const chosen = el('span', { class: 'file-name', id: `${id}-file-name` }, t('console.upload.no_file'));
  const showChosen = () => { chosen.textContent = file.files.length ? file.files[0].name : t('console.upload.no_file'); };
  file.addEventListener('change', showChosen);
  const message = messageLine(`${id}-message`);
  const result = el('div', { id: `${id}-result` });
  const submit = el('button', { type: 'submit', class: 'primary', id: `${id}-submit`, disabled: Boolean(disabled) },
    t('console.upload.send'));
  const form = el('form', { class: 'card upload', id },
    el('h2', {}, title), hint ? el('p', { class: 'muted' }, hint) : null,
    el('div', { class: 'filters' },
      el('div', { class: 'field' }, el('span', { class: 'label' }, t('console.upload.file')),
        el('div', { class: 'file-pick' }, el('label', { for: file.id, class: `button${disabled ? ' disabled' : ''}` },
          t('console.upload.choose')), file, chosen)), extra,
      el('div', { class: 'field buttons' }, submit)),
    message, result);
  if (disabled) message.say(disabled, false);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    fill(result);
    if (!file.files.length) return message.say(t('console.upload.pick_file'), false);
    submit.disabled = true;
    try {
      const answer = await api('POST', target(), file.files[0]);
      message.say(t('console.upload.imported', { n: answer.imported, file: file.files[0].name }), true);
      if (answer.notes && answer.notes.length)
        fill(result, el('ul', { class: 'notes', id: `${id}-notes` }, answer.notes.map((n) => el('li', {}, n))));
      file.value = '';
      showChosen();
      if (done) await done(answer);
    } catch (e) {
      const errors = e instanceof ApiError && Array.isArray(e.body.errors) ? e.body.errors : null;
      if (!errors) return message.say(e instanceof ApiError ? e.message : String(e), false);
      message.say(t('console.upload.refused', { n: errors.length }), false);
      fill(result, grid([`${id}-errors`, `${id}-no-errors`], ['console.upload.col.line', 'console.upload.col.problem'],
        errors.map((e) => el('tr', {}, el('td', { class: 'nowrap' }, e.line ? String(e.line) : '—'),
          el('td', { class: 'wrap' }, String(e.text)))), 'console.upload.refused_plain'));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// A modal form (id `id`) of labelled `fields` ([label, input, hint]…): `save()` sends it and closes the dialog, or
// shows what HQ answered inside it; with `remove`, a 删除 button that asks once more before it deletes.
export function editDialog(id, title, fields, { save, remove }) {
  const dialog = el('dialog', { class: 'card wide-dialog', id });
  const message = messageLine(`${id}-message`);
  const close = () => { dialog.close(); dialog.remove(); };
  const run = (f) => async () => {
    try {
      await f();
      close();
    } catch (e) {
      message.say(e instanceof ApiError ? e.message : String(e), false);
    }
  };
  let armed = false;
  const removeButton = remove ? el('button', { type: 'button', class: 'danger', id: `${id}-delete`, onclick: () => {
    if (!armed) {
      armed = true;
      removeButton.textContent = t('console.form.delete_confirm');
      return undefined;
    }
    return run(remove)();
  } }, t('console.form.delete')) : null;
  const form = el('form', { method: 'dialog', class: 'form-grid' },
    el('h2', {}, title),
    fields.map(([label, input, hint]) => field(label, input, hint)),
    el('div', { class: 'dialog-foot' }, message,
      el('div', { class: 'buttons' }, removeButton,
        el('button', { type: 'button', id: `${id}-cancel`, onclick: close }, t('console.cancel')),
        el('button', { type: 'submit', class: 'primary', id: `${id}-save` }, t('console.form.save')))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!form.reportValidity()) return;
    run(save)();
  });
  dialog.append(form);
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

const WEEKDAYS = ['weekday.short.mon', 'weekday.short.tue', 'weekday.short.wed', 'weekday.short.thu',
  'weekday.short.fri', 'weekday.short.sat', 'weekday.short.sun'];

// Days ([{date, weekday: 0 (Monday)…6}…], in order) as one calendar table per month, weeks as rows from Monday;
// `cell(day)` draws a day's <td>.
export function monthTables(days, cell) {
  const months = new Map();
  for (const d of days) {
    const m = d.date.slice(0, 7);
    if (!months.has(m)) months.set(m, []);
    months.get(m).push(d);
  }
  return [...months.entries()].map(([month, list]) => {
    const weeks = [];
    let week = new Array(list[0].weekday).fill(null);
    for (const d of list) {
      week.push(d);
      if (week.length === 7) {
        weeks.push(week);
        week = [];
      }
    }
    if (week.length) weeks.push(week.concat(new Array(7 - week.length).fill(null)));
    return el('div', { class: 'month' },
      el('h3', {}, t('console.form.month', { year: month.slice(0, 4), month: Number(month.slice(5, 7)) })),
      el('table', { class: 'calendar', 'data-month': month },
        el('thead', {}, el('tr', {}, WEEKDAYS.map((k, i) => el('th', { class: i >= 5 ? 'weekend' : null }, t(k))))),
        el('tbody', {}, weeks.map((w) => el('tr', {}, w.map((d) => (d ? cell(d) : el('td', { class: 'blank' }))))))));
  });
}

// The department picker that reloads the page (route parameter `department`); answers it and the department asked
// for: the route's (HQ refuses one the user may not see, so a link to another department's data is 403), else the
// select's first.
export function departmentBar(pageId, params, depts, navigate, all) {
  const chosen = params.get('department') || (all ? '' : (depts[0] && depts[0].id) || '');
  const select = departmentSelect(`${pageId}-department`, depts, chosen, all);
  select.addEventListener('change', () => navigate(pageId, { ...Object.fromEntries(params.entries()),
    department: select.value }));
  return { node: el('div', { class: 'card filters' }, field(t('console.cases.department'), select)),
    department: params.get('department') || select.value };
}
