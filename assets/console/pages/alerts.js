// 告警: the alerts HQ raised (a 差评 or 办不成事 arrived, a deadline is near or passed, a kiosk fell silent, holds records
// HQ refused or has records waiting over an hour) that the role may see, newest
// first, unseen ones marked; the webhooks (企业微信, 钉钉, generic JSON) of the bureau and of departments with a
// test-send; the outgoing calls with their state (sync/CONSOLE_API.md, "Alerts").
import { get, post } from '../api.js';
import { el, fill, hallTime } from '../dom.js';
import { t } from '../i18n.js';
import { refreshBadge } from '../alert_badge.js';

const KINDS = ['wecom', 'dingtalk', 'generic'];
// Alerts shown in red: what needs someone now.
const RED = new Set(['overdue', 'bad_rating', 'kiosk_silent', 'kiosk_parked']);

// A kiosk's alert: which kiosk (its device id and number, as the 设备 page names it) and what HQ last heard of it.
function aboutKiosk(a) {
  const parts = [t('alert.kiosk_name', { device: a.kiosk || a.subject, number: a.kiosk_number })];
  if (a.kind === 'kiosk_silent') {
    parts.push(a.never ? t('alert.never_heard', { time: a.since_local }) :
      `${t('alert.field.last_heard')} ${a.since_local}`);
    parts.push(`${t('alert.field.silent_for')} ${t('alert.minutes', { minutes: a.minutes })}`);
  }
  if (a.kind === 'kiosk_parked') parts.push(`${t('alert.field.parked')} ${t('alert.records', { n: a.parked })}`);
  if (a.kind === 'kiosk_backlog') {
    parts.push(`${t('alert.field.pending')} ${t('alert.records', { n: a.pending })}`);
    parts.push(`${t('alert.field.oldest')} ${t('alert.minutes', { minutes: a.oldest_minutes })}`);
  }
  if (a.last_error) parts.push(`${t('alert.field.last_error')} ${a.last_error}`);
  return parts.join(' · ');
}

// What an alert is about, in the page's language, from its summary (never a citizen's data: HQ leaves it out).
function about(a) {
  if (a.subject_kind === 'kiosk') return aboutKiosk(a);
  if (a.subject_kind === 'rating') {
    const parts = [`${t(`target.${a.target_kind || 'official'}`)} ${a.target || ''}`];
    if (a.level) parts.push(t(`level.${a.level}`));
    if (a.reasons && a.reasons.length) parts.push(a.reasons.join('、'));
    return parts.join(' · ');
  }
  const parts = [`${t('console.alerts.receipt')} ${a.receipt || a.subject}`];
  if (a.report_kind) parts.push(t(`kind.${a.report_kind}`));
  if (a.item) parts.push(a.item);
  return parts.join(' · ');
}

function sitting(a) {
  if (a.subject_kind === 'kiosk') return '—';
  if (a.kind !== 'bad_rating' && a.kind !== 'report') return a.leader ? t('console.alerts.leader', { name: a.leader }) : '';
  return a.sitting ? `${a.sitting.official} · ${a.sitting.window}` : t('console.alerts.nobody');
}

function alertTable(data, offsetMinutes) {
  if (!data.alerts.length) return el('p', { class: 'muted', id: 'alerts-empty' }, t('console.alerts.none'));
  return el('table', { class: 'grid', id: 'alerts-table' },
    el('thead', {}, el('tr', {}, ['console.alerts.col.at', 'console.alerts.col.kind', 'console.alerts.col.department',
      'console.alerts.col.about', 'console.alerts.col.sitting', 'console.alerts.col.deadline'].map((k) => el('th', {}, t(k))))),
    el('tbody', {}, data.alerts.map((a) => el('tr', { class: a.unseen ? 'unseen' : null, id: `alert-${a.id}` },
      el('td', { class: 'nowrap' }, hallTime(a.created_at, offsetMinutes)),
      el('td', {}, el('span', { class: `badge ${RED.has(a.kind) ? 'badge-red' : 'badge-blue'}` },
        t(`alert.kind.${a.kind}`))),
      el('td', {}, a.subject_kind === 'kiosk' ? t('alert.bureau') : a.department || ''),
      el('td', { class: 'wrap' }, about(a)), el('td', {}, sitting(a)),
      el('td', { class: 'nowrap' }, a.deadline || '—')))));
}

function webhookSection(hooks, redraw, say) {
  const dept = el('select', { id: 'webhook-department' },
    hooks.may_add_bureau ? el('option', { value: '' }, t('alert.bureau')) : null,
    hooks.departments.map((d) => el('option', { value: d.id }, d.name)));
  const kind = el('select', { id: 'webhook-kind' }, KINDS.map((k) => el('option', { value: k }, t(`alert.webhook.${k}`))));
  const url = el('input', { id: 'webhook-url', maxlength: 1000, placeholder: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' });
  const secret = el('input', { id: 'webhook-secret', maxlength: 200, placeholder: 'SEC…', autocomplete: 'off' });
  const form = el('form', { class: 'filters', id: 'webhook-form' },
    el('div', { class: 'field' }, el('label', { for: 'webhook-department' }, t('console.alerts.col.department')), dept),
    el('div', { class: 'field' }, el('label', { for: 'webhook-kind' }, t('console.alerts.webhook.kind')), kind),
    el('div', { class: 'field full-row' }, el('label', { for: 'webhook-url' }, t('console.alerts.webhook.url')), url),
    el('div', { class: 'field' }, el('label', { for: 'webhook-secret' }, t('console.alerts.webhook.secret')), secret),
    el('div', { class: 'field buttons' }, el('button', { type: 'submit', class: 'primary', id: 'webhook-add' },
      t('console.alerts.webhook.add'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await post('/v1/console/webhooks', { department: dept.value, kind: kind.value, url: url.value.trim(),
        secret: secret.value.trim() });
      say(t('console.alerts.webhook.added'), false);
      redraw();
    } catch (e) {
      say(e.message, true);
    }
  });
  const names = Object.fromEntries(hooks.departments.map((d) => [d.id, d.name]));
  const act = (label, id, f) => el('button', { class: 'link', id, onclick: async () => {
    try {
      await f();
      redraw();
    } catch (e) {
      say(e.message, true);
    }
  } }, label);
  const rows = hooks.webhooks.map((w) => el('tr', { id: `webhook-${w.id}`, class: w.enabled ? null : 'muted' },
    el('td', {}, w.department_id ? names[w.department_id] || w.department_id : t('alert.bureau')),
    el('td', {}, t(`alert.webhook.${w.kind}`)), el('td', { class: 'wrap' }, w.url.replace(/([?&](key|access_token)=)[^&]+/, '$1…')),
    el('td', {}, w.has_secret ? t('console.alerts.webhook.signed') : '—'),
    el('td', {}, Object.entries(w.calls).map(([s, n]) => `${t(`alert.call.${s}`)} ${n}`).join(' · ') || '—'),
    el('td', { class: 'nowrap' },
      act(t('console.alerts.webhook.test'), `webhook-test-${w.id}`, async () => {
        await post(`/v1/console/webhooks/${w.id}/test`);
        say(t('console.alerts.webhook.test_queued'), false);
      }), ' ',
      act(w.enabled ? t('console.alerts.webhook.off') : t('console.alerts.webhook.on'), `webhook-toggle-${w.id}`,
        () => post(`/v1/console/webhooks/${w.id}`, { enabled: !w.enabled })), ' ',
      act(t('console.alerts.webhook.delete'), `webhook-delete-${w.id}`, () => post(`/v1/console/webhooks/${w.id}/delete`)))));
  return el('section', { class: 'card', id: 'webhooks' }, el('h2', {}, t('console.alerts.webhooks')),
    el('p', { class: 'muted' }, t('console.alerts.webhook.help')),
    rows.length ? el('table', { class: 'grid', id: 'webhooks-table' },
      el('thead', {}, el('tr', {}, ['console.alerts.col.department', 'console.alerts.webhook.kind', 'console.alerts.webhook.url',
        'console.alerts.webhook.secret', 'console.alerts.webhook.calls', 'console.alerts.col.actions'].map((k) => el('th', {}, t(k))))),
      el('tbody', {}, rows)) : el('p', { class: 'muted' }, t('console.alerts.webhook.none')),
    form);
}

function callsSection(calls, offsetMinutes) {
  return el('section', { class: 'card', id: 'outgoing' }, el('h2', {}, t('console.alerts.calls')),
    calls.length ? el('table', { class: 'grid', id: 'outgoing-table' },
      el('thead', {}, el('tr', {}, ['console.alerts.col.at', 'console.alerts.call.event', 'console.alerts.call.state',
        'console.alerts.call.attempts', 'console.alerts.call.error'].map((k) => el('th', {}, t(k))))),
      el('tbody', {}, calls.map((c) => el('tr', { class: c.state === 'failed' ? 'warn' : null },
        el('td', { class: 'nowrap' }, hallTime(c.sent_at || c.created_at, offsetMinutes)),
        el('td', { class: 'mono' }, c.event_id.slice(0, 12)), el('td', {}, t(`alert.call.${c.state}`)),
        el('td', {}, String(c.attempts)), el('td', { class: 'wrap' }, c.last_error || ''))))) :
      el('p', { class: 'muted' }, t('console.alerts.calls_none')));
}

export default {
  id: 'alerts',
  title: 'console.nav.alerts',
  roles: ['admin', 'liaison', 'viewer'],
  async render(root, { user, offsetMinutes }) {
    const data = await get('/v1/console/alerts');
    const message = el('p', { class: 'message', id: 'alerts-message', role: 'status' });
    const say = (text, bad) => {
      message.textContent = text;
      message.className = bad ? 'message error' : 'message';
    };
    const redraw = () => this.render(root, { user, offsetMinutes });
    const seen = el('button', { id: 'alerts-seen', disabled: data.unseen === 0, onclick: async () => {
      await post('/v1/console/alerts/seen', { last_id: data.last_id });
      await refreshBadge();
      redraw();
    } }, t('console.alerts.mark_seen'));
    const parts = [
      el('h1', {}, t('console.nav.alerts')),
      el('section', { class: 'card', id: 'alerts' },
        el('div', { class: 'card-head' }, el('h2', {}, t('console.alerts.list', { n: data.unseen })), seen),
        alertTable(data, offsetMinutes)),
      message,
    ];
    if (user.role !== 'viewer') parts.push(webhookSection(await get('/v1/console/webhooks'), redraw, say));
    parts.push(callsSection((await get('/v1/console/outgoing')).calls, offsetMinutes));
    fill(root, ...parts);
  },
};
