// 走流程: a period's 干部走流程 (who walked which 事项, how, when) with each problem found and its 整改 — overdue in red,
// marked 已整改 on a date by its department or the bureau — and a walk recorded here as an official would at a kiosk.
import { get, post, query, ApiError } from '../api.js';
import { el, fill } from '../dom.js';
import { t } from '../i18n.js';
import { departments, grid, messageLine, stateBadge } from '../cases.js';
import { dateInput, hallToday, normalDate } from '../dates.js';
import { departmentSelect, field, mayChange, periodPicker } from '../forms.js';

const FORMS = ['at_window', 'in_person', 'accompany', 'inspect'];

// A problem's 整改 as a badge: 当场整改, 已整改 (date), 整改中 (by date) or 逾期 (by date, red).
function fixBadge(f) {
  if (f.done_on && !f.due_date) return stateBadge(t('console.walks.on_spot'), { closed: true });
  if (f.done_on) return stateBadge(t('console.walks.done_on', { date: f.done_on }), { closed: true });
  return stateBadge(t(f.overdue ? 'console.walks.overdue_by' : 'console.walks.open_by', { date: f.due_date }),
    { overdue: f.overdue });
}

// The walk-recording form: official, item, date, forms, and any number of problems.
function recordForm(officials, items, today, onSaved) {
  const official = el('select', { id: 'walks-new-official' },
    officials.map((o) => el('option', { value: o.id }, `${o.name}（${o.title}）`)));
  const item = el('select', { id: 'walks-new-item' }, items.map((i) => el('option', { value: i.id }, i.name)));
  const date = dateInput('walks-new-date', today);
  const forms = FORMS.map((f) => el('input', { type: 'checkbox', id: `walks-new-form-${f}`, value: f }));
  const problems = el('div', { class: 'walk-problems', id: 'walks-new-problems' });
  const addProblem = () => {
    const n = problems.children.length;
    problems.append(el('fieldset', { class: 'walk-problem' },
      el('legend', {}, t('console.walks.problem_n', { n: n + 1 })),
      field(t('console.walks.col.problem'), el('textarea', { id: `walks-new-p${n}-description`, rows: 2, maxlength: 600 })),
      field(t('console.walks.col.measure'), el('textarea', { id: `walks-new-p${n}-measure`, rows: 2, maxlength: 600 })),
      field(t('console.walks.due'), dateInput(`walks-new-p${n}-due`), t('console.walks.due_hint')),
      field(t('console.walks.col.section'), el('input', { id: `walks-new-p${n}-section`, maxlength: 60 }))));
  };
  const message = messageLine('walks-new-message');
  const form = el('form', { class: 'card', id: 'walks-new' },
    el('h2', {}, t('console.walks.record')),
    el('div', { class: 'filters' }, field(t('console.walks.official'), official), field(t('console.walks.col.item'), item),
      field(t('console.walks.col.date'), date)),
    el('div', { class: 'field' }, el('span', { class: 'label' }, t('console.walks.col.forms')),
      el('div', { class: 'checks' }, forms.map((c) => el('label', { for: c.id, class: 'check' }, c, t(`walk.form.${c.value}`))))),
    problems,
    el('div', { class: 'buttons' },
      el('button', { type: 'button', id: 'walks-new-add', onclick: addProblem }, t('console.walks.add_problem')),
      el('button', { type: 'submit', class: 'primary', id: 'walks-new-save' }, t('console.walks.save'))),
    message);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const day = normalDate(date.value);
    if (!day) return message.say(t('console.form.date_hint'), false);
    const findings = [];
    for (let n = 0; n < problems.children.length; n += 1) {
      const v = (k) => form.querySelector(`#walks-new-p${n}-${k}`).value.trim();
      if (!v('description') && !v('measure')) continue;  // an empty problem is no problem
      const due = v('due') ? normalDate(v('due')) : '';
      if (due === null) return message.say(t('console.form.date_hint'), false);
      findings.push({ description: v('description'), measure: v('measure'), due_date: due, section: v('section') });
    }
    try {
      await post('/v1/console/walks', { official_id: official.value, item_id: item.value, date: day,
        forms: forms.filter((c) => c.checked).map((c) => c.value), findings });
      onSaved(t('console.walks.saved'));
    } catch (e) {
      message.say(e instanceof ApiError ? e.message : String(e), false);
    }
  });
  return form;
}

export default {
  id: 'walks',
  title: 'console.nav.walks',
  roles: ['admin', 'liaison', 'viewer'],
  async render(root, ctx) {
    const { params, navigate, user, offsetMinutes } = ctx;
    fill(root, el('p', { class: 'muted' }, t('console.loading')));
    const today = hallToday(offsetMinutes);
    const asked = { period: params.get('period') || '', department: params.get('department') || '' };
    const [depts, list] = await Promise.all([departments(), get(`/v1/console/walks${query(asked)}`)]);
    const message = messageLine('walks-message');
    const again = async (text) => {
      await this.render(root, ctx);
      root.querySelector('#walks-message').say(text, true);
    };

    // Which period and department.
    const picker = periodPicker('walks-period', list.period, today);
    const dept = departmentSelect('walks-department', depts, asked.department, true);
    const filter = el('form', { class: 'card filters', id: 'walks-filter' }, picker.node,
      field(t('console.cases.department'), dept),
      el('div', { class: 'field buttons' }, el('button', { type: 'submit', class: 'primary', id: 'walks-show' },
        t('console.cases.search'))));
    filter.addEventListener('submit', (ev) => {
      ev.preventDefault();
      navigate('walks', Object.fromEntries(Object.entries({ period: picker.value(), department: dept.value })
        .filter(([, v]) => v)));
    });

    const tile = (id, value, label, red) => el('div', { class: `tile small-tile${red && value > 0 ? ' tile-red' : ''}`,
      id: `walks-count-${id}` }, el('div', { class: 'tile-value' }, String(value)), el('div', { class: 'tile-label' }, label));

    // A row per problem (a walk that found none has one row saying so); the walk's own cells on its first row.
    const rows = [];
    for (const w of list.walks) {
      const span = Math.max(1, w.findings.length);
      const lead = [
        el('td', { class: 'nowrap', rowspan: span }, w.date),
        el('td', { rowspan: span }, w.official, el('div', { class: 'muted small' }, w.title),
          el('div', { class: 'muted small' }, w.department),
          w.from_console ? el('div', { class: 'muted small' }, t('console.walks.from_console')) : null),
        el('td', { rowspan: span }, w.item),
        el('td', { rowspan: span }, w.forms.map((f) => t(`walk.form.${f}`)).join('、'))];
      if (!w.findings.length) {
        rows.push(el('tr', { 'data-walk': w.uuid }, lead, el('td', { class: 'muted', colspan: 4 }, t('console.walks.none_found'))));
        continue;
      }
      const canFix = mayChange(user, depts, w.department_id);
      w.findings.forEach((f, i) => {
        let action = null;
        if (!f.done_on && canFix) {
          const on = dateInput(`walks-done-${w.uuid}-${i + 1}`, today);
          const button = el('button', { type: 'button', id: `walks-fix-${w.uuid}-${i + 1}`, onclick: async () => {
            const day = normalDate(on.value);
            if (!day) return message.say(t('console.form.date_hint'), false);
            try {
              await post(`/v1/console/walks/${w.uuid}/findings/${i + 1}/done`, { done_on: day });
              await again(t('console.walks.fixed', { n: i + 1, item: w.item }));
            } catch (e) {
              message.say(e instanceof ApiError ? e.message : String(e), false);
            }
          } }, t('console.walks.mark_done'));
          action = el('div', { class: 'inline-action' }, on, button);
        }
        rows.push(el('tr', { 'data-walk': w.uuid, class: f.overdue ? 'overdue-row' : null },
          i === 0 ? lead : null,
          el('td', { class: 'wrap' }, f.description),
          el('td', { class: 'wrap' }, f.measure || '—', f.section ? el('div', { class: 'muted small' }, f.section) : null),
          el('td', { class: f.overdue ? 'red' : null }, fixBadge(f)),
          el('td', {}, action)));
      });
    }

    let form = null;
    if (user.role !== 'viewer') {
      const [officials, items] = await Promise.all([get('/v1/console/officials'), get('/v1/console/items')]);
      const mine = officials.rows.filter((o) => mayChange(user, depts, o.department_id));
      if (mine.length && items.rows.length)
        form = recordForm(mine, items.rows, today, again);
    }

    fill(root,
      el('h1', {}, t('console.nav.walks')),
      el('p', { class: 'muted' }, t('console.walks.rule')),
      filter,
      el('section', { class: 'tiles counts' },
        tile('walks', list.walks.length, t('console.walks.count')),
        tile('open', list.open, t('console.walks.open')),
        tile('overdue', list.overdue, t('console.walks.overdue'), true)),
      message,
      el('section', { class: 'card' },
        el('h2', { id: 'walks-title' }, t('console.walks.title', { from: list.from, to: list.to })),
        grid(['walks-table', 'walks-empty'], ['console.walks.col.date', 'console.walks.col.person', 'console.walks.col.item', 'console.walks.col.forms', 'console.walks.col.problem',
          'console.walks.col.measure', 'console.walks.col.fix', 'console.walks.col.action'], rows, 'console.walks.empty', 'grid walks-grid')),
      form);
  },
};
