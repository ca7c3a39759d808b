// 差评处置: every 差评 the user may see, as cases (待核实 → 整改中 → 已反馈 → 已回访), filtered by department, state,
// overdue, dates and 申诉; counts above; a row opens the case (#/rating?id=…).
import { get, query } from '../api.js';
import { el, fill } from '../dom.js';
import { t } from '../i18n.js';
import { countTiles, departments, filterBar, grid, listQuery, pager, stateBadge, targetText, word } from '../cases.js';

export const RATING_STATES = [
  ['to_verify', 'case.state.to_verify'], ['rectifying', 'case.state.rectifying'],
  ['answered', 'case.state.answered'], ['revisited', 'case.state.revisited'],
];
const APPEALS = [['pending', 'case.appeal_state.pending'], ['approved', 'case.appeal_state.approved'],
  ['rejected', 'case.appeal_state.rejected']];

export default {
  id: 'ratings',
  title: 'console.nav.ratings',
  roles: ['admin', 'liaison', 'viewer'],
  async render(root, { params, navigate }) {
    fill(root, el('p', { class: 'muted' }, t('console.loading')));
    const q = listQuery(params, ['department', 'state', 'overdue', 'from', 'to', 'appeal']);
    const [depts, counts, list] = await Promise.all([departments(), get('/v1/console/ratings/counts'),
      get(`/v1/console/ratings${query(q)}`)]);
    const appeal = el('select', { id: 'ratings-appeal', name: 'appeal' },
      el('option', { value: '' }, t('console.cases.any_appeal')),
      APPEALS.map(([wire, key]) => el('option', { value: wire, selected: wire === params.get('appeal') }, t(key))));
    const rows = list.items.map((c) => el('tr', { class: 'link-row', 'data-id': c.id, tabindex: 0,
      onclick: () => navigate('rating', { id: c.id }),
      onkeydown: (ev) => { if (ev.key === 'Enter') navigate('rating', { id: c.id }); } },
      el('td', { class: 'nowrap' }, c.date), el('td', {}, c.department),
      el('td', {}, targetText(c.target)),
      el('td', { class: c.level === 'very_dissatisfied' ? 'red' : null }, word(`level.${c.level}`, c.level_name)),
      el('td', {}, stateBadge(word(`case.state.${c.state}`, c.state_name), { overdue: c.overdue, closed: c.state === 'revisited' })),
      el('td', { class: c.overdue ? 'nowrap red' : 'nowrap' }, c.deadline || '—',
        c.overdue ? el('span', { class: 'overdue-mark' }, t('console.cases.overdue_mark')) : null),
      el('td', {}, c.appeal ? word(`case.appeal_state.${c.appeal}`, c.appeal_name) : ''),
      el('td', {}, c.has_phone ? t('console.cases.has_phone') : '')));
    fill(root,
      el('h1', {}, t('console.nav.ratings')),
      countTiles(counts.all, RATING_STATES, [['appeals', counts.all.appeals_pending || 0,
        t('case.appeal_state.pending')], ['appeals-approved', counts.all.appeals_approved || 0,
        t('case.appeal_state.approved'), false]]),
      filterBar('ratings', params, depts, RATING_STATES, navigate, [[t('console.ratings.appeal'), appeal]]),
      el('section', { class: 'card' },
        grid(['ratings-table', 'ratings-empty'], ['console.cases.col.date', 'console.cases.col.department', 'console.ratings.col.target',
          'console.ratings.col.level', 'console.cases.col.state', 'console.cases.col.deadline',
          'console.ratings.col.appeal', 'console.cases.col.phone'], rows, 'console.ratings.empty'),
        pager('ratings', params, list.next_cursor, navigate)));
  },
};
