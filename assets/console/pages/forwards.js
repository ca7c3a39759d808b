// 省平台转发 (every role reads it; a liaison their department's): the provincial 好差评 forwarding's outbox — how many
// ratings wait, are held, were sent or failed, and each held or failed one with why (a reason or department without
// the platform's code, the platform's refusal). The bureau puts one back to be sent again (audited); a held one goes
// by itself once the code is given. Then what follows the ratings (handling ratings, 整改 and 回访) the same way.
// Under it, the platform's codes: each 差评 reason's (the bureau downloads the table,
// fills in the codes and uploads it; audited) and each department's 统一社会信用代码.
import { get, post } from '../api.js';
import { el, fill, hallTime } from '../dom.js';
import { t } from '../i18n.js';
import { grid } from '../cases.js';
import { uploadCard } from '../forms.js';

// Where a code in force comes from, and what each row of what follows a rating is, in the console's words.
const sourceKey = { uploaded: 'console.forwards.codes.source.uploaded', config: 'console.forwards.codes.source.config',
  reference: 'console.forwards.codes.source.reference' };
const eventKey = { handling: 'console.forwards.events.kind.handling', answered: 'console.forwards.events.kind.answered',
  revisited: 'console.forwards.events.kind.revisited' };

// A code, or "none given" marked as what holds ratings back.
function codeCell(code, from) {
  return code ? el('td', {}, el('code', {}, code), from ? el('div', { class: 'muted' }, t(from)) : null)
    : el('td', { class: 'fleet-bad' }, t('console.forwards.codes.missing'));
}

// The platform's codes as HQ holds them: each reason's and each department's.
function codesTables(codes) {
  const reasons = codes.reasons.map((r) => el('tr', { id: `forward-code-${r.id}` }, el('td', {}, r.reason),
    codeCell(r.code, sourceKey[r.source] || null)));
  const departments = codes.departments.map((d) => el('tr', { id: `forward-dept-${d.id}` }, el('td', {}, d.name),
    codeCell(d.code, sourceKey[d.source] || null)));
  return el('section', { class: 'card', id: 'forward-codes' },
    el('h2', {}, t('console.forwards.codes.title')),
    el('p', { class: 'muted' }, t('console.forwards.codes.hint')),
    el('div', { class: 'two-columns' },
      el('div', {}, el('h3', {}, t('console.forwards.codes.reasons')),
        grid(['forward-reason-codes', 'forward-reason-codes-empty'],
          ['console.forwards.codes.col.reason', 'console.forwards.codes.col.code'], reasons, 'console.forwards.codes.no_reasons')),
      el('div', {}, el('h3', {}, t('console.forwards.codes.departments')),
        grid(['forward-dept-codes', 'forward-dept-codes-empty'],
          ['console.forwards.codes.col.department', 'console.forwards.codes.col.credit'], departments,
          'console.forwards.codes.no_departments'),
        el('p', { class: 'muted' }, t('console.forwards.codes.departments_hint')))));
}

// The bureau's upload of the reasons' table (with the table to fill in); `done` redraws what it changed.
function codesUpload(done) {
  return uploadCard('forward-codes-upload', {
    title: t('console.forwards.codes.upload_title'), hint: t('console.forwards.codes.upload_hint'),
    target: () => '/v1/console/forwards/codes/import', done,
    extra: [el('div', { class: 'field buttons' }, el('a', { class: 'button', id: 'forward-codes-template', download: '',
      href: '/v1/console/forwards/codes?format=csv' }, t('console.forwards.codes.template')))],
  });
}

// Why a row is not sent, in the console's words: a held one's key from HQ, a failed one's last error.
function why(f) {
  if (f.state === 'held' && f.held_reason) return t(f.held_reason, { detail: f.held_detail });
  return f.last_error || '';
}

// The outbox: whether forwarding is on, the counts, and each waiting, held, failed or sent rating.
function outboxPart(data, user, offsetMinutes, retry) {
  const rows = data.forwards.map((f) => el('tr', { id: `forward-${f.uuid}`, class: f.state === 'failed' ? 'warn' : null },
    el('td', { class: 'nowrap' }, hallTime(f.created_at, offsetMinutes)),
    el('td', {}, f.target_name, el('div', { class: 'muted' }, f.department || '—')),
    el('td', {}, t(`level.${f.level}`)),
    el('td', { class: f.state === 'pending' ? null : 'fleet-bad' }, t(`alert.call.${f.state}`)),
    el('td', { class: 'wrap' }, why(f)),
    el('td', {}, String(f.attempts)),
    el('td', {}, user.role === 'admin' && f.state !== 'pending'
      ? el('button', { class: 'link', onclick: () => retry(f.uuid) }, t('console.forwards.retry')) : '')));
  const c = data.counts;
  return [
    data.configured ? null : el('p', { class: 'message', id: 'forwards-off' }, t('console.forwards.off')),
    el('p', { class: 'muted', id: 'forwards-summary' },
      t('console.forwards.summary', { pending: c.pending, held: c.held, sent: c.sent, failed: c.failed })),
    el('section', { class: 'card' }, grid(['forwards-table', 'forwards-empty'],
      ['console.forwards.col.at', 'console.forwards.col.target', 'console.forwards.col.level',
        'console.forwards.col.state', 'console.forwards.col.why', 'console.forwards.col.attempts',
        'console.forwards.col.action'], rows, 'console.forwards.empty')),
  ];
}

// What follows the ratings: handling ratings, 整改 and 回访, each not yet sent with why.
function eventsPart(events, user, offsetMinutes, retry) {
  const rows = events.items.map((e) => el('tr', { id: `forward-event-${e.id}`, class: e.state === 'failed' ? 'warn' : null },
    el('td', { class: 'nowrap' }, hallTime(e.created_at, offsetMinutes)),
    el('td', {}, t(eventKey[e.kind], { receipt: e.receipt || '', target: e.target_name || '—' }),
      el('div', { class: 'muted' }, e.department || '—')),
    el('td', { class: e.state === 'pending' ? null : 'fleet-bad' }, t(`alert.call.${e.state}`)),
    el('td', { class: 'wrap' }, why(e)),
    el('td', {}, String(e.attempts)),
    el('td', {}, user.role === 'admin' && e.state !== 'pending'
      ? el('button', { class: 'link', onclick: () => retry(e.id) }, t('console.forwards.retry')) : '')));
  const c = events.counts;
  return el('section', { class: 'card', id: 'forward-events' },
    el('h2', {}, t('console.forwards.events.title')),
    el('p', { class: 'muted' }, t('console.forwards.events.hint')),
    el('p', { class: 'muted', id: 'forward-events-summary' },
      t('console.forwards.summary', { pending: c.pending, held: c.held, sent: c.sent, failed: c.failed })),
    grid(['forward-events-table', 'forward-events-empty'],
      ['console.forwards.col.at', 'console.forwards.col.what', 'console.forwards.col.state', 'console.forwards.col.why',
        'console.forwards.col.attempts', 'console.forwards.col.action'], rows, 'console.forwards.events.empty'));
}

// 按日核对: each of the last 14 days' ratings by what became of their forward, and the table to download.
function daysPart(report) {
  const rows = report.days.slice().reverse().map((d) => el('tr', { id: `forward-day-${d.date}` },
    el('td', { class: 'nowrap' }, d.date), el('td', {}, String(d.sent)), el('td', { class: d.held ? 'fleet-bad' : null },
      String(d.held)), el('td', { class: d.failed ? 'fleet-bad' : null }, String(d.failed)), el('td', {}, String(d.pending))));
  return el('section', { class: 'card', id: 'forward-days' },
    el('h2', {}, t('console.forwards.days.title')),
    el('p', { class: 'muted' }, t('console.forwards.days.hint')),
    grid(['forward-days-table', 'forward-days-empty'],
      ['export.forward_days.col.date', 'export.forward_days.col.sent', 'export.forward_days.col.held',
        'export.forward_days.col.failed', 'export.forward_days.col.pending'], rows, 'console.forwards.days.empty'),
    el('div', { class: 'buttons' }, el('a', { class: 'button', id: 'forward-days-download', download: '',
      href: `/v1/console/forwards/days?from=${report.from}&to=${report.to}&format=csv` }, t('console.forwards.days.download'))));
}

export default {
  id: 'forwards',
  title: 'console.nav.forwards',
  roles: ['admin', 'liaison', 'viewer'],
  async render(root, { user, offsetMinutes }) {
    fill(root, el('p', { class: 'muted' }, t('console.loading')));
    const message = el('p', { class: 'message', id: 'forwards-message', role: 'status' });
    const outbox = el('div', { id: 'forwards-outbox' });
    const tables = el('div', {});
    const events = el('div', {});
    const days = el('div', {});
    // The outbox and the code tables, fetched again after a retry or an upload (the upload card stays as it is).
    const draw = async () => {
      const [data, codes, report] = await Promise.all([get('/v1/console/forwards'), get('/v1/console/forwards/codes'),
        user.role === 'liaison' ? null : get('/v1/console/forwards/days')]);
      fill(outbox, outboxPart(data, user, offsetMinutes, retry));
      fill(days, report ? daysPart(report) : null);
      fill(events, eventsPart(data.events, user, offsetMinutes, retry));
      fill(tables, codesTables(codes));
    };
    const retry = async (id) => {
      try {
        await post('/v1/console/forwards/retry', { uuid: id });
        await draw();
      } catch (e) {
        message.textContent = e.message;
        message.className = 'message error';
      }
    };
    await draw();
    fill(root, el('h1', {}, t('console.nav.forwards')), outbox, message,
      el('p', { class: 'muted', id: 'forwards-rules' }, t('console.forwards.rules')),
      events, days, tables, user.role === 'admin' ? codesUpload(draw) : null);
  },
};
