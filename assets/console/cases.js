// What the 差评 and 办不成事 pages share: the filter bar (department, state, overdue, dates), the counts above a list,
// state badges, the "next page" link, and a case's history table. Lists page with HQ's cursor (keyset), so page
// 1,000 comes as fast as page 1.
import { get, ApiError } from './api.js';
import { el, hallTime } from './dom.js';
import { t, has } from './i18n.js';
import { dateInput } from './dates.js';

// The words of what HQ records in a case's history (an action not listed shows by its own name).
const ACTIONS = {
  state: 'console.cases.action.state', transfer: 'console.cases.action.transfer',
  appeal: 'console.cases.action.appeal', appeal_approved: 'console.cases.action.appeal_approved',
  appeal_rejected: 'console.cases.action.appeal_rejected',
};

// The words of a wire value in the console's language (`key` in assets/i18n), else HQ's Chinese name.
export function word(key, fallback) {
  return has(key) ? t(key) : fallback || '—';
}

// The departments the signed-in user may see (a liaison: theirs), for the filter's select.
export async function departments() {
  return (await get('/v1/console/departments')).rows;
}

// Who or what a 差评 is about: 领导：冯堃.
export function targetText(target) {
  return t('console.cases.target', { kind: word(`target.${target.kind}`, target.kind_name), name: target.name });
}

// A state as a coloured badge: open ones blue, overdue red, closed grey.
export function stateBadge(name, { overdue = false, closed = false } = {}) {
  return el('span', { class: `badge ${overdue ? 'badge-red' : closed ? 'badge-grey' : 'badge-blue'}` }, name);
}

// The filter bar of a list page. `states` is [[wire word, words key]…]; `extra` more fields (e.g. 申诉).
// On submit it navigates to `pageId` with the chosen values (the route holds the filter, so back/forward and a
// copied link show the same list).
export function filterBar(pageId, params, depts, states, navigate, extra = []) {
  const dept = el('select', { id: `${pageId}-department` },
    depts.length > 1 ? el('option', { value: '' }, t('console.cases.all_departments')) : null,
    depts.map((d) => el('option', { value: d.id, selected: d.id === params.get('department') }, d.name)));
  const state = el('select', { id: `${pageId}-state` },
    el('option', { value: '' }, t('console.cases.any_state')),
    states.map(([wire, key]) => el('option', { value: wire, selected: wire === params.get('state') }, t(key))));
  const overdue = el('input', { type: 'checkbox', id: `${pageId}-overdue`, checked: params.get('overdue') === '1' });
  const from = dateInput(`${pageId}-from`, params.get('from') || '');
  const to = dateInput(`${pageId}-to`, params.get('to') || '');
  const form = el('form', { class: 'card filters', id: `${pageId}-filter` },
    el('div', { class: 'field' }, el('label', { for: dept.id }, t('console.cases.department')), dept),
    el('div', { class: 'field' }, el('label', { for: state.id }, t('console.cases.state')), state),
    extra.map(([label, input]) => el('div', { class: 'field' }, el('label', { for: input.id }, label), input)),
    el('div', { class: 'field' }, el('label', { for: from.id }, t('console.cases.from')), from),
    el('div', { class: 'field' }, el('label', { for: to.id }, t('console.cases.to')), to),
    el('div', { class: 'field check' }, el('label', { for: overdue.id }, overdue, t('console.cases.overdue_only'))),
    el('div', { class: 'field buttons' },
      el('button', { type: 'submit', class: 'primary', id: `${pageId}-search` }, t('console.cases.search'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const chosen = { department: dept.value, state: state.value, from: from.value, to: to.value,
      overdue: overdue.checked ? '1' : '' };
    for (const [, input] of extra) chosen[input.name] = input.value;
    navigate(pageId, Object.fromEntries(Object.entries(chosen).filter(([, v]) => v)));
  });
  return form;
}

// The query of a list request from the route's parameters.
export function listQuery(params, names) {
  const q = {};
  for (const name of [...names, 'cursor']) if (params.get(name)) q[name] = params.get(name);
  q.limit = 50;
  return q;
}

// Tiles with the counts over what the user sees: open, overdue, and one per state.
export function countTiles(all, states, extra = []) {
  const tile = (id, value, label, red) => el('div', { class: `tile small-tile${red && value > 0 ? ' tile-red' : ''}`,
    id: `count-${id}` }, el('div', { class: 'tile-value' }, String(value)), el('div', { class: 'tile-label' }, label));
  return el('section', { class: 'tiles counts' },
    tile('open', all.open, t('console.cases.open')),
    tile('overdue', all.overdue, t('console.cases.overdue'), true),
    states.map(([wire, key]) => tile(wire, (all.states && all.states[wire]) || 0, t(key))),
    extra.map(([id, value, label, red = true]) => tile(id, value, label, red)));
}

// "第一页" and "下一页" under a list.
export function pager(pageId, params, nextCursor, navigate) {
  const without = Object.fromEntries([...params.entries()].filter(([k]) => k !== 'cursor'));
  return el('div', { class: 'pager' },
    params.get('cursor') ? el('button', { id: `${pageId}-first`, onclick: () => navigate(pageId, without) },
      t('console.cases.first_page')) : null,
    nextCursor ? el('button', { id: `${pageId}-next`, onclick: () => navigate(pageId, { ...without, cursor: nextCursor }) },
      t('console.cases.next_page')) : null);
}

// A list's table (id `tableId`, class `tableClass`): headers by their word keys (or [key, class of the header cell]),
// then the rows; or, with no rows, the words of `emptyKey` (id `emptyId`).
export function grid([tableId, emptyId], headKeys, rows, emptyKey, tableClass = 'grid') {
  if (!rows.length) return el('p', { class: 'muted', id: emptyId }, t(emptyKey));
  const head = (k) => (Array.isArray(k) ? el('th', { class: k[1] }, t(k[0])) : el('th', {}, t(k)));
  return el('table', { class: tableClass, id: tableId },
    el('thead', {}, el('tr', {}, headKeys.map(head))), el('tbody', {}, rows));
}

// A case's history: when, who, what, from → to, the note.
export function historyTable(history, offsetMinutes, statePrefix) {
  const state = (wire, name) => (wire ? word(`${statePrefix}${wire}`, name) : '—');
  return grid(['case-history', 'case-history-empty'], ['console.cases.col.at', 'console.cases.col.by', 'console.cases.col.action',
    'console.cases.col.change', 'console.cases.col.note'], (history || []).map((h) => el('tr', {},
      el('td', { class: 'nowrap' }, hallTime(h.at, offsetMinutes)), el('td', {}, h.by || '—'),
      el('td', {}, ACTIONS[h.action] ? t(ACTIONS[h.action]) : h.action),
      el('td', { class: 'change' }, h.from || h.to ? `${state(h.from, h.from_name)} → ${state(h.to, h.to_name)}` : ''),
      el('td', { class: 'wrap' }, h.note || ''))), 'console.cases.no_history');
}

// Label and value rows of a case's facts.
export function facts(pairs) {
  return el('dl', { class: 'facts case-facts' },
    pairs.filter(([, v]) => v !== undefined).map(([label, value, id]) => [
      el('dt', {}, label), el('dd', { id: id || null }, value === null || value === '' ? '—' : value)]));
}

// The status line of a case page and its two uses: `again(text)` draws the page afresh (after a change) and says
// `text` on it; `failed(error)` says what HQ answered.
export function caseMessage(id, page, root, ctx) {
  const line = messageLine(id);
  const again = async (text) => {
    await page.render(root, ctx);
    root.querySelector(`#${id}`).say(text, true);
  };
  const failed = (e) => line.say(e instanceof ApiError ? e.message : String(e), false);
  return { message: line, again, failed };
}

// A status line under a form: say(text, ok).
export function messageLine(id) {
  const line = el('p', { class: 'message', id, role: 'status' });
  line.say = (text, ok) => {
    line.className = `message ${ok ? 'ok' : 'error'}`;
    line.textContent = text;
  };
  return line;
}
