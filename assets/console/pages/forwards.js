// 省平台转发 (every role reads it; a liaison their department's): the provincial 好差评 forwarding's outbox — how many
// ratings wait, are held, were sent or failed, and each held or failed one with why (a reason or department without
// the platform's code, the platform's refusal). The bureau puts one back to be sent again (audited); a held one goes
// by itself once the code is given.
import { get, post } from '../api.js';
import { el, fill, hallTime } from '../dom.js';
import { t } from '../i18n.js';
import { grid } from '../cases.js';

// Why a row is not sent, in the console's words: a held one's key from HQ, a failed one's last error.
function why(f) {
  if (f.state === 'held' && f.held_reason) return t(f.held_reason, { detail: f.held_detail });
  return f.last_error || '';
}

export default {
  id: 'forwards',
  title: 'console.nav.forwards',
  roles: ['admin', 'liaison', 'viewer'],
  async render(root, { user, offsetMinutes }) {
    fill(root, el('p', { class: 'muted' }, t('console.loading')));
    const data = await get('/v1/console/forwards');
    const message = el('p', { class: 'message', id: 'forwards-message', role: 'status' });
    const retry = async (f) => {
      try {
        await post('/v1/console/forwards/retry', { uuid: f.uuid });
        await this.render(root, { user, offsetMinutes });
      } catch (e) {
        message.textContent = e.message;
        message.className = 'message error';
      }
    };
    const rows = data.forwards.map((f) => el('tr', { id: `forward-${f.uuid}`, class: f.state === 'failed' ? 'warn' : null },
      el('td', { class: 'nowrap' }, hallTime(f.created_at, offsetMinutes)),
      el('td', {}, f.target_name, el('div', { class: 'muted' }, f.department || '—')),
      el('td', {}, t(`level.${f.level}`)),
      el('td', { class: f.state === 'pending' ? null : 'fleet-bad' }, t(`alert.call.${f.state}`)),
      el('td', { class: 'wrap' }, why(f)),
      el('td', {}, String(f.attempts)),
      el('td', {}, user.role === 'admin' && f.state !== 'pending'
        ? el('button', { class: 'link', onclick: () => retry(f) }, t('console.forwards.retry')) : '')));
    const c = data.counts;
    fill(root,
      el('h1', {}, t('console.nav.forwards')),
      data.configured ? null : el('p', { class: 'message', id: 'forwards-off' }, t('console.forwards.off')),
      el('p', { class: 'muted', id: 'forwards-summary' },
        t('console.forwards.summary', { pending: c.pending, held: c.held, sent: c.sent, failed: c.failed })),
      el('section', { class: 'card' }, grid(['forwards-table', 'forwards-empty'],
        ['console.forwards.col.at', 'console.forwards.col.target', 'console.forwards.col.level',
          'console.forwards.col.state', 'console.forwards.col.why', 'console.forwards.col.attempts',
          'console.forwards.col.action'], rows, 'console.forwards.empty')),
      message,
      el('p', { class: 'muted', id: 'forwards-rules' }, t('console.forwards.rules')));
  },
};
