// 排班 (附件2): one department's schedule for a period as a calendar (a month a table, a week a row, each day's
// 上午 and 下午 with who sits at which window), an upload of the department's 附件2 (.xlsx, or CSV in UTF-8 or GBK;
// all rows or none, bad rows listed by line), and one row added, edited or deleted in a dialog.
import { get, post, put, del, query } from '../api.js';
import { el, fill } from '../dom.js';
import { t } from '../i18n.js';
import { departments, messageLine } from '../cases.js';
import { departmentSelect, editDialog, field, mayChange, monthTables, periodPicker, uploadCard } from '../forms.js';
import { dateInput, hallToday, normalDate } from '../dates.js';

const HALVES = [['am', 'half.am'], ['pm', 'half.pm']];

// The quarter `today` is in: 2026Q4.
function quarterOf(today) {
  return `${today.slice(0, 4)}Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
}

function dayCell(d, entry) {
  const halves = HALVES.map(([half, key]) => {
    const rows = d.rows.filter((r) => r.half === half);
    return rows.length ? el('div', { class: `half half-${half}` }, el('span', { class: 'half-name' }, t(key)),
      rows.map(entry)) : null;
  });
  return el('td', { class: d.workday ? 'day' : 'day off', 'data-date': d.date },
    el('div', { class: 'day-head' }, el('span', { class: 'day-number' }, String(Number(d.date.slice(8, 10)))),
      // A weekend is shaded only; a holiday on a weekday says 休, a 调休 weekend 班.
      d.workday !== d.weekday < 5 ? el('span', { class: d.workday ? 'day-on' : 'day-off' },
        t(d.workday ? 'console.schedule.day_on' : 'console.schedule.day_off')) : null),
    halves);
}

export default {
  id: 'schedule',
  title: 'console.nav.schedule',
  roles: ['admin', 'liaison', 'viewer'],
  async render(root, ctx) {
    const { params, user, navigate, offsetMinutes } = ctx;
    fill(root, el('p', { class: 'muted' }, t('console.loading')));
    const depts = await departments();
    const today = hallToday(offsetMinutes);
    const chosen = params.get('department') || (depts[0] && depts[0].id) || '';
    const picker = periodPicker('schedule-period', params.get('period') || quarterOf(today), today);
    const dept = departmentSelect('schedule-department', depts, chosen);
    const filter = el('form', { class: 'card filters', id: 'schedule-filter' },
      field(t('console.cases.department'), dept), picker.node,
      el('div', { class: 'field buttons' },
        el('button', { type: 'submit', class: 'primary', id: 'schedule-show' }, t('console.schedule.show'))));
    filter.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!filter.reportValidity() || !picker.value()) return;
      navigate('schedule', { department: dept.value, period: picker.value() });
    });
    const deptId = params.get('department') || dept.value;  // another department's is 403, as HQ says
    const canChange = mayChange(user, depts, deptId);
    const message = messageLine('schedule-message');
    const section = el('section', { class: 'card', id: 'schedule-grid' });
    const period = params.get('period') || quarterOf(today);

    let officials = [];
    let windows = [];
    const draw = async () => {
      const [grid, o, w] = await Promise.all([
        get(`/v1/console/schedule/grid${query({ department: deptId, period })}`),
        get(`/v1/console/officials${query({ department: deptId })}`),
        get(`/v1/console/windows${query({ department: deptId })}`)]);
      officials = o.rows;
      windows = w.rows;
      const entry = (r) => el(canChange ? 'button' : 'div', { class: 'entry', type: canChange ? 'button' : null,
        'data-id': r.id, onclick: canChange ? () => edit(r) : null },
      el('span', { class: 'entry-name' }, r.official), el('span', { class: 'entry-title' }, r.title),
      el('span', { class: 'entry-window' }, r.window), r.note ? el('span', { class: 'entry-note' }, r.note) : null);
      fill(section,
        el('div', { class: 'grid-head' },
          el('h2', {}, t('console.schedule.grid_title', { department: grid.department.name, from: grid.from, to: grid.to })),
          el('span', { class: 'muted', id: 'schedule-count' }, t('console.schedule.rows', { n: grid.rows })),
          canChange ? el('button', { id: 'schedule-add', onclick: () => edit(null) }, t('console.schedule.add')) : null),
        grid.rows ? null : el('p', { class: 'muted', id: 'schedule-empty' }, t('console.schedule.empty')),
        el('div', { class: 'months' }, monthTables(grid.days, (d) => dayCell(d, entry))));
    };

    // One row in a dialog: a new one (null) or an existing one, saved with PUT (its id may change with its date,
    // half-day or person) or deleted.
    const edit = (row) => {
      const date = dateInput('schedule-edit-date', row ? row.date : '');
      date.required = true;
      const half = el('select', { id: 'schedule-edit-half' },
        HALVES.map(([h, key]) => el('option', { value: h, selected: row && row.half === h }, t(key))));
      const person = el('select', { id: 'schedule-edit-official' }, officials.map((o) =>
        el('option', { value: o.id, selected: row && row.official_id === o.id }, `${o.name}（${o.title}）`)));
      const seat = el('select', { id: 'schedule-edit-window' }, windows.map((w) =>
        el('option', { value: w.id, selected: row && row.window_id === w.id }, `${w.number} ${w.name}`)));
      const note = el('input', { id: 'schedule-edit-note', maxlength: 200, value: row ? row.note : '' });
      editDialog('schedule-edit', row ? t('console.schedule.edit_title', { name: row.official, date: row.date })
        : t('console.schedule.add'), [
        [t('console.schedule.date'), date], [t('console.schedule.half'), half],
        [t('console.schedule.official'), person], [t('console.schedule.window'), seat], [t('console.schedule.note'), note]], {
        save: async () => {
          const body = { date: normalDate(date.value), half: half.value, official_id: person.value,
            window_id: seat.value, note: note.value.trim() };
          const saved = row ? await put(`/v1/console/schedule/${encodeURIComponent(row.id)}`, body)
            : await post('/v1/console/schedule', body);
          await draw();
          message.say(t('console.schedule.saved', { name: saved.official, date: saved.date }), true);
        },
        remove: row ? async () => {
          await del(`/v1/console/schedule/${encodeURIComponent(row.id)}`);
          await draw();
          message.say(t('console.schedule.deleted', { name: row.official, date: row.date }), true);
        } : null,
      });
    };

    const addOfficials = el('input', { type: 'checkbox', id: 'schedule-upload-add' });
    // A date written without its year (4月22日上午, as 附件2 has them) is in the year of the period shown.
    const year = period.slice(0, 4);
    const upload = canChange ? uploadCard('schedule-upload', {
      title: t('console.schedule.upload_title'), hint: t('console.schedule.upload_hint', { year }),
      target: () => `/v1/console/schedule/import${query({ department: deptId, year,
        add_officials: addOfficials.checked ? 'yes' : '' })}`,
      done: draw,
      extra: [el('div', { class: 'field check' }, el('label', { for: addOfficials.id }, addOfficials,
        t('console.schedule.add_officials')))],
    }) : null;

    fill(root, el('h1', {}, t('console.nav.schedule')), filter, message, upload, section);
    await draw();
  },
};
