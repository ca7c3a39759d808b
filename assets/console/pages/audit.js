// 审计日志 (admin): every sign-in and change, newest first, filtered by account, action and dates, a page at a
// time; the same filter exported as CSV.
import { get, query } from '../api.js';
import { el, fill } from '../dom.js';
import { t, has } from '../i18n.js';
import { dateInput } from '../dates.js';

// The words of the actions HQ records (an action not listed shows by its own name).
const LABELS = {
  'login': 'console.audit.action.login',
  'login.failed': 'console.audit.action.login_failed',
  'login.locked': 'console.audit.action.login_locked',
  'login.disabled': 'console.audit.action.login_disabled',
  'logout': 'console.audit.action.logout',
  'user.add': 'console.audit.action.user_add',
  'user.disable': 'console.audit.action.user_disable',
  'user.enable': 'console.audit.action.user_enable',
  'user.reset': 'console.audit.action.user_reset',
  'phone.reveal': 'console.audit.action.phone_reveal',
  'hall.import': 'console.audit.action.hall_import',
  'officials.import': 'console.audit.action.officials_import',
  'schedule.import': 'console.audit.action.schedule_import',
  'items.import': 'console.audit.action.items_import',
  'calendar.import': 'console.audit.action.calendar_import',
  'reasons.publish': 'console.audit.action.reasons_publish',
  'pin.set': 'console.audit.action.pin_set',
  'rating.follow_up': 'console.audit.action.rating_follow_up',
  'report.set': 'console.audit.action.report_set',
  'schedule.upload': 'console.audit.action.schedule_upload',
  'officials.upload': 'console.audit.action.officials_upload',
  'items.upload': 'console.audit.action.items_upload',
  'windows.upload': 'console.audit.action.windows_upload',
  'calendar.upload': 'console.audit.action.calendar_upload',
  'reasons.upload': 'console.audit.action.reasons_upload',
  'schedule.save': 'console.audit.action.schedule_save',
  'schedule.delete': 'console.audit.action.schedule_delete',
  'official.save': 'console.audit.action.official_save',
  'officials.delete': 'console.audit.action.officials_delete',
  'item.save': 'console.audit.action.item_save',
  'service_items.delete': 'console.audit.action.items_delete',
  'window.save': 'console.audit.action.window_save',
  'windows.delete': 'console.audit.action.windows_delete',
  'reason.save': 'console.audit.action.reason_save',
  'reason.delete': 'console.audit.action.reason_delete',
  'calendar.set': 'console.audit.action.calendar_set',
  'table.download': 'console.audit.action.table_download',
  'callbacks.download': 'console.audit.action.callbacks_download',
  'auth.lockout': 'console.audit.action.auth_lockout',
  'pin.reset': 'console.audit.action.pin_reset',
  'walk.record': 'console.audit.action.walk_record',
  'walk.finding_done': 'console.audit.action.walk_finding_done',
  'rating.state': 'console.audit.action.rating_state',
  'rating.appeal': 'console.audit.action.rating_appeal',
  'rating.appeal_decision': 'console.audit.action.rating_appeal_decision',
  'rating.deadlines': 'console.audit.action.rating_deadlines',
  'rating.reveal_phone': 'console.audit.action.rating_reveal_phone',
  'report.change': 'console.audit.action.report_change',
  'report.reveal_phone': 'console.audit.action.report_reveal_phone',
  'webhook.add': 'console.audit.action.webhook_add',
  'webhook.change': 'console.audit.action.webhook_change',
  'webhook.delete': 'console.audit.action.webhook_delete',
  'webhook.test': 'console.audit.action.webhook_test',
  'outgoing.retry': 'console.audit.action.outgoing_retry',
  'forward.retry': 'console.audit.action.forward_retry',
};
// What the filter offers: one action, or a family by its prefix ("login." is every failed or refused sign-in).
const FILTERS = [
  ['login', LABELS.login], ['login.', 'console.audit.action.login_any'], ['logout', LABELS.logout],
  ['user.', 'console.audit.action.user_any'], ['phone.reveal', LABELS['phone.reveal']],
  ...Object.entries(LABELS).filter(([a]) => /\.(import|publish|upload|download)$|^pin\.|^rating\.|^report\./.test(a)),
];

function actionLabel(action) {
  const key = LABELS[action];
  return key && has(key) ? t(key) : action;
}

export default {
  id: 'audit',
  title: 'console.nav.audit',
  roles: ['admin'],
  async render(root, { params, navigate }) {
    const filter = {
      actor: params.get('actor') || '', action: params.get('action') || '',
      from: params.get('from') || '', to: params.get('to') || '', before_id: params.get('before_id') || '',
    };
    const data = await get(`/v1/console/audit${query({ ...filter, limit: 50 })}`);
    const actor = el('input', { id: 'audit-actor', value: filter.actor, maxlength: 64 });
    const action = el('select', { id: 'audit-action' }, el('option', { value: '' }, t('console.audit.any_action')),
      FILTERS.map(([a, key]) => el('option', { value: a, selected: a === filter.action }, t(key))));
    const from = dateInput('audit-from', filter.from);
    const to = dateInput('audit-to', filter.to);
    const form = el('form', { class: 'card filters', id: 'audit-filter' },
      el('div', { class: 'field' }, el('label', { for: 'audit-actor' }, t('console.audit.col.actor')), actor),
      el('div', { class: 'field' }, el('label', { for: 'audit-action' }, t('console.audit.col.action')), action),
      el('div', { class: 'field' }, el('label', { for: 'audit-from' }, t('console.audit.from')), from),
      el('div', { class: 'field' }, el('label', { for: 'audit-to' }, t('console.audit.to')), to),
      el('div', { class: 'field buttons' },
        el('button', { type: 'submit', class: 'primary', id: 'audit-search' }, t('console.audit.search')),
        el('a', { class: 'button', id: 'audit-export', download: 'audit.csv',
          href: `/v1/console/audit.csv${query({ actor: filter.actor, action: filter.action, from: filter.from, to: filter.to })}` },
          t('console.audit.export'))));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      navigate('audit', Object.fromEntries(Object.entries({ actor: actor.value.trim(), action: action.value,
        from: from.value, to: to.value }).filter(([, v]) => v)));
    });
    const rows = data.entries.map((e) => el('tr', { class: e.action.startsWith('login.') ? 'warn' : null },
      el('td', { class: 'nowrap' }, e.at_local),
      el('td', { class: 'nowrap' }, e.actor_name ? `${e.actor_name}（${e.actor}）` : e.actor),
      el('td', { class: 'nowrap' }, e.role ? t(`console.role.${e.role}`) : '—'), el('td', {}, actionLabel(e.action)),
      el('td', { class: 'wrap' }, e.object),
      el('td', { class: 'wrap change' }, e.before || e.after ? `${e.before || '—'} → ${e.after || '—'}` : ''),
      el('td', {}, e.source)));
    const pager = el('div', { class: 'pager' },
      filter.before_id ? el('button', { id: 'audit-first', onclick: () => {
        const p = { ...filter };
        delete p.before_id;
        navigate('audit', Object.fromEntries(Object.entries(p).filter(([, v]) => v)));
      } }, t('console.audit.first_page')) : null,
      data.next_before_id ? el('button', { id: 'audit-next', onclick: () => navigate('audit',
        Object.fromEntries(Object.entries({ ...filter, before_id: data.next_before_id }).filter(([, v]) => v))) },
      t('console.audit.next_page')) : null);
    fill(root,
      el('h1', {}, t('console.nav.audit')),
      form,
      el('section', { class: 'card' },
        rows.length ? el('table', { class: 'grid', id: 'audit-table' },
          el('thead', {}, el('tr', {}, ['console.audit.col.at', 'console.audit.col.actor',
            'console.audit.col.role', 'console.audit.col.action', 'console.audit.col.object',
            'console.audit.col.change', 'console.audit.col.source'].map((k) => el('th', {}, t(k))))),
          el('tbody', {}, rows)) : el('p', { class: 'muted', id: 'audit-empty' }, t('console.audit.empty')),
        pager));
  },
};
