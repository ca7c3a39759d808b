// 办不成事: every report the user may see (待受理 → 已受理 → 办理中 → 已办结), filtered like 差评处置, with a look-up
// by receipt as printed (spaces and dashes allowed); a row opens the case (#/report?receipt=…).
import { get, query, ApiError } from '../api.js';
import { el, fill } from '../dom.js';
import { t } from '../i18n.js';
import { countTiles, departments, filterBar, grid, listQuery, messageLine, pager, stateBadge, word } from '../cases.js';

export const REPORT_STATES = [
  ['submitted', 'query.status.submitted'], ['accepted', 'query.status.accepted'],
  ['in_progress', 'query.status.in_progress'], ['done', 'query.status.done'],
];

// 0011 0660 0016 as the slip prints it.
export function printedReceipt(digits) {
  return String(digits).replace(/(\d{4})(?=\d)/g, '$1 ');
}

export default {
  id: 'reports',
  title: 'console.nav.reports',
  roles: ['admin', 'liaison', 'viewer'],
  async render(root, { params, navigate }) {
    fill(root, el('p', { class: 'muted' }, t('console.loading')));
    const q = listQuery(params, ['department', 'state', 'overdue', 'from', 'to']);
    const [depts, counts, list] = await Promise.all([departments(), get('/v1/console/reports/counts'),
      get(`/v1/console/reports${query(q)}`)]);

    const receipt = el('input', { id: 'reports-receipt', inputmode: 'numeric', maxlength: 20, autocomplete: 'off',
      placeholder: '0011 0660 0016' });
    const message = messageLine('reports-message');
    const lookup = el('form', { class: 'card filters', id: 'reports-lookup' },
      el('div', { class: 'field' }, el('label', { for: 'reports-receipt' }, t('console.reports.receipt')), receipt),
      el('div', { class: 'field buttons' }, el('button', { type: 'submit', id: 'reports-find' }, t('console.reports.find'))),
      message);
    lookup.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const typed = receipt.value.trim();
      if (!typed) return message.say(t('console.reports.receipt_needed'), false);
      try {
        const c = await get(`/v1/console/reports/${encodeURIComponent(typed)}`);
        navigate('report', { receipt: c.receipt });
      } catch (e) {
        message.say(e instanceof ApiError && e.status === 404 ? t('console.reports.not_found', { receipt: typed })
          : e.message, false);
      }
    });

    const rows = list.items.map((c) => el('tr', { class: 'link-row', 'data-receipt': c.receipt, tabindex: 0,
      onclick: () => navigate('report', { receipt: c.receipt }),
      onkeydown: (ev) => { if (ev.key === 'Enter') navigate('report', { receipt: c.receipt }); } },
      el('td', { class: 'nowrap mono' }, printedReceipt(c.receipt)), el('td', { class: 'nowrap' }, c.date),
      el('td', {}, c.department, c.department !== c.reported_department
        ? el('div', { class: 'muted small' }, t('console.reports.from_department', { department: c.reported_department })) : null),
      el('td', {}, c.item || '—'), el('td', {}, word(`kind.${c.kind}`, c.kind_name)),
      el('td', {}, stateBadge(word(`query.status.${c.state}`, c.state_name), { overdue: c.overdue, closed: c.state === 'done' })),
      el('td', { class: c.overdue ? 'nowrap red' : 'nowrap' }, c.promised || '—',
        c.overdue ? el('span', { class: 'overdue-mark' }, t('console.cases.overdue_mark')) : null),
      el('td', {}, c.has_phone ? t('console.cases.has_phone') : '')));
    fill(root,
      el('h1', {}, t('console.nav.reports')),
      countTiles(counts.all, REPORT_STATES),
      lookup,
      filterBar('reports', params, depts, REPORT_STATES, navigate),
      el('section', { class: 'card' },
        grid(['reports-table', 'reports-empty'], ['console.reports.col.receipt', 'console.cases.col.date', 'console.cases.col.department',
          'console.reports.col.item', 'console.reports.col.kind', 'console.cases.col.state',
          'console.reports.col.promised', 'console.cases.col.phone'], rows, 'console.reports.empty'),
        pager('reports', params, list.next_cursor, navigate)));
  },
};
