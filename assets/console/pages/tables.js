// 报表: a period (quarter, half-year, year or two dates), one of the tables (附件3 统计表, 好差评, 办不成事 台账,
// 坐窗口频次, 回访工作单, 走流程问题整改台账, 走流程事项清单) and a department or all; the table previewed in the page a page of rows at a time, and
// downloaded as XLSX or CSV — the same files `hqd export` writes (HQ audits every download).
import { get, query } from '../api.js';
import { el, fill } from '../dom.js';
import { t } from '../i18n.js';
import { departments } from '../cases.js';
import { departmentSelect, field, periodPicker } from '../forms.js';
import { hallToday } from '../dates.js';

const TABLES = [['attachment3', 'console.tables.attachment3'], ['ratings', 'console.tables.ratings'],
  ['reports', 'console.tables.reports'], ['compliance', 'console.tables.compliance'],
  ['callbacks', 'console.tables.callbacks'], ['walks', 'console.tables.walks'], ['items', 'console.tables.items']];
const PAGE = 100;

// One sheet of the preview: its title and lines under it, spanning headers, headers and rows (numbers right).
function sheetView(sheet, index) {
  const numeric = sheet.numeric || [];
  const cls = (c) => (numeric[c] ? 'num' : null);
  const spans = [];
  if (sheet.groups && sheet.groups.length) {
    for (let c = 0; c < sheet.headers.length;) {
      const g = sheet.groups.find((x) => x.first === c);
      spans.push(g ? el('th', { colspan: g.last - g.first + 1, class: 'group' }, g.label) : el('th', {}));
      c = g ? g.last + 1 : c + 1;
    }
  }
  const last = sheet.offset + sheet.rows.length;
  return el('section', { class: 'card sheet', id: `tables-sheet-${index}` },
    el('h2', {}, sheet.title || sheet.name),
    (sheet.meta || []).map((m) => el('p', { class: 'muted small' }, m)),
    el('p', { class: 'muted', id: `tables-count-${index}` }, sheet.total_rows
      ? t('console.tables.showing', { first: sheet.offset + 1, last, total: sheet.total_rows })
      : t('console.tables.no_rows')),
    el('div', { class: 'scroll' }, el('table', { class: 'grid preview', id: `tables-preview-${index}` },
      el('thead', {}, spans.length ? el('tr', {}, spans) : null,
        el('tr', {}, sheet.headers.map((h, c) => el('th', { class: cls(c) }, h)))),
      el('tbody', {}, sheet.rows.map((r) => el('tr', {}, r.map((v, c) => el('td', { class: cls(c) }, v))))))));
}

export default {
  id: 'tables',
  title: 'console.nav.tables',
  roles: ['admin', 'liaison', 'viewer'],
  async render(root, { params, user, navigate, offsetMinutes }) {
    fill(root, el('p', { class: 'muted' }, t('console.loading')));
    const depts = await departments();
    const today = hallToday(offsetMinutes);
    const picker = periodPicker('tables-period', params.get('period'), today);
    const table = el('select', { id: 'tables-table' },
      TABLES.map(([v, k]) => el('option', { value: v, selected: v === params.get('table') }, t(k))));
    const dept = departmentSelect('tables-department', depts, params.get('department') || '', true);
    const form = el('form', { class: 'card filters', id: 'tables-filter' },
      field(t('console.tables.table'), table), picker.node, field(t('console.cases.department'), dept),
      el('div', { class: 'field buttons' },
        el('button', { type: 'submit', class: 'primary', id: 'tables-preview' }, t('console.tables.preview'))));
    const chosen = (offset) => ({ table: table.value, period: picker.value(), department: dept.value, offset });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!form.reportValidity() || !picker.value()) return;
      navigate('tables', Object.fromEntries(Object.entries(chosen('')).filter(([, v]) => v)));
    });
    if (!params.get('table') || !params.get('period')) {
      fill(root, el('h1', {}, t('console.nav.tables')), form,
        el('p', { class: 'muted', id: 'tables-hint' }, t('console.tables.hint')));
      return;
    }
    const offset = Number(params.get('offset')) || 0;
    const asked = { period: params.get('period'), department: params.get('department') || '' };
    const path = `/v1/console/tables/${encodeURIComponent(params.get('table'))}`;
    const data = await get(`${path}${query({ ...asked, offset, limit: PAGE })}`);
    // The 回访工作单 holds the citizens' phones in full: only who may change that department's data downloads it.
    const mayDownload = params.get('table') !== 'callbacks' || user.role === 'admin'
      || (user.role === 'liaison' && asked.department !== '');
    const downloads = mayDownload ? el('div', { class: 'buttons downloads' },
      el('a', { class: 'button primary', id: 'tables-xlsx', download: '', href: `${path}${query({ ...asked, format: 'xlsx' })}` },
        t('console.tables.download_xlsx')),
      el('a', { class: 'button', id: 'tables-csv', download: '', href: `${path}${query({ ...asked, format: 'csv' })}` },
        t('console.tables.download_csv'))) : el('p', { class: 'muted' }, t('console.tables.no_download'));
    const most = Math.max(...data.sheets.map((s) => s.total_rows), 0);
    const pager = el('div', { class: 'pager' },
      offset > 0 ? el('button', { id: 'tables-prev', onclick: () => navigate('tables', { ...Object.fromEntries(params.entries()),
        offset: Math.max(0, offset - PAGE) }) }, t('console.tables.prev')) : null,
      offset + PAGE < most ? el('button', { id: 'tables-next', onclick: () => navigate('tables',
        { ...Object.fromEntries(params.entries()), offset: offset + PAGE }) }, t('console.cases.next_page')) : null);
    fill(root, el('h1', {}, t('console.nav.tables')), form,
      el('section', { class: 'card result-head', id: 'tables-result' },
        el('div', {}, el('h2', { id: 'tables-title' }, t('console.tables.title', { title: data.title, from: data.from,
          to: data.to })), el('p', { class: 'muted' }, data.department || t('console.cases.all_departments'))),
        downloads),
      data.sheets.map(sheetView), pager);
  },
};
