// 工作日历: HQ's working-day calendar for a year (what deadlines count and the kiosks show): every month with its
// 法定节假日 and 调休上班 days marked; the bureau changes one day in a dialog or uploads the year's list (日期,类型).
import { get, put, query } from '../api.js';
import { el, fill } from '../dom.js';
import { t } from '../i18n.js';
import { messageLine } from '../cases.js';
import { editDialog, field, monthTables, uploadCard, yearSelect } from '../forms.js';
import { hallToday } from '../dates.js';

const KINDS = [['holiday', 'console.calendar.kind.holiday'], ['workday', 'console.calendar.kind.workday'],
  ['normal', 'console.calendar.kind.normal']];

// Every day of `year` with its weekday (0 Monday … 6 Sunday).
function yearDays(year) {
  const days = [];
  for (let ms = Date.UTC(year, 0, 1); new Date(ms).getUTCFullYear() === year; ms += 86400000) {
    const d = new Date(ms);
    days.push({ date: d.toISOString().slice(0, 10), weekday: (d.getUTCDay() + 6) % 7 });
  }
  return days;
}

export default {
  id: 'calendar',
  title: 'console.nav.calendar',
  roles: ['admin', 'liaison', 'viewer'],
  async render(root, ctx) {
    const { params, user, navigate, offsetMinutes } = ctx;
    fill(root, el('p', { class: 'muted' }, t('console.loading')));
    const canChange = user.role === 'admin';
    const thisYear = Number(hallToday(offsetMinutes).slice(0, 4));
    const asked = Number(params.get('year'));
    const year = asked >= 2000 && asked <= 2099 ? asked : thisYear;
    const years = yearSelect('calendar-year', year, thisYear);
    years.addEventListener('change', () => navigate('calendar', { year: years.value }));
    const message = messageLine('calendar-message');
    const section = el('section', { class: 'card', id: 'calendar-months' });

    const draw = async () => {
      const cal = await get(`/v1/console/calendar${query({ year })}`);
      const holidays = new Set(cal.holidays);
      const workdays = new Set(cal.workdays);
      const kindOf = (d) => (holidays.has(d.date) ? 'holiday' : workdays.has(d.date) ? 'workday' : 'normal');
      const cell = (d) => {
        const kind = kindOf(d);
        const off = kind === 'holiday' || (kind === 'normal' && d.weekday >= 5);
        const label = kind === 'holiday' ? t('console.calendar.holiday_mark') : kind === 'workday'
          ? t('console.calendar.workday_mark') : '';
        const body = [el('span', { class: 'day-number' }, String(Number(d.date.slice(8, 10)))),
          label ? el('span', { class: `day-mark mark-${kind}` }, label) : null];
        return el('td', { class: `cal-day${off ? ' off' : ''} kind-${kind}`, 'data-date': d.date },
          canChange ? el('button', { type: 'button', class: 'cal-button', onclick: () => edit(d.date, kind) }, body) : body);
      };
      fill(section,
        el('div', { class: 'grid-head' }, el('h2', {}, t('console.calendar.title', { year })),
          el('span', { class: 'muted', id: 'calendar-version' }, cal.version
            ? t('console.calendar.version', { version: cal.version, holidays: cal.holidays.length, workdays: cal.workdays.length })
            : t('console.calendar.none'))),
        el('p', { class: 'legend' }, el('span', { class: 'day-mark mark-holiday' }, t('console.calendar.holiday_mark')),
          t('console.calendar.kind.holiday'), el('span', { class: 'day-mark mark-workday' }, t('console.calendar.workday_mark')),
          t('console.calendar.kind.workday')),
        el('div', { class: 'months year' }, monthTables(yearDays(year), cell)));
    };

    const edit = (date, kind) => {
      const choice = el('select', { id: 'calendar-kind' },
        KINDS.map(([k, key]) => el('option', { value: k, selected: k === kind }, t(key))));
      editDialog('calendar-dialog', t('console.calendar.edit_title', { date }), [[t('console.calendar.kind'), choice]], {
        save: async () => {
          await put(`/v1/console/calendar/${date}`, { kind: choice.value });
          await draw();
          message.say(t('console.calendar.saved', { date }), true);
        },
      });
    };

    const upload = canChange ? uploadCard('calendar-upload', { title: t('console.calendar.upload_title'),
      hint: t('console.calendar.upload_hint'), target: () => '/v1/console/calendar/import', done: draw }) : null;
    fill(root, el('h1', {}, t('console.nav.calendar')),
      el('div', { class: 'card filters' }, field(t('console.period.year'), years)), message, section, upload);
    await draw();
  },
};
