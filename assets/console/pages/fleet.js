// 设备 (every role reads it): each kiosk HQ has enrolled — when it last reported, its version and screen, whether it
// can save and how much disk it has left, what waits in its outbox (to send, refused by HQ, how long the oldest has
// waited), its last sync error, what happened to its storage (a damaged file set aside, records read back, a full
// disk) and the record numbers HQ never received from it. Whether a kiosk is silent or its backlog too old is HQ's
// judgement (the same as its alerts'), not the page's. The same words as the kiosk's own operator screen.
import { get } from '../api.js';
import { el, fill } from '../dom.js';
import { t } from '../i18n.js';
import { grid } from '../cases.js';

// Less free disk than this is shown in red (the kiosk stops taking records at 1 MB).
const LOW_DISK_BYTES = 500e6;

const STATES = {
  ok: 'storage.state.ok', disk_full: 'storage.state.disk_full', newer_schema: 'storage.state.newer_schema',
  unusable: 'storage.state.unusable',
};
const EVENTS = {
  set_aside: 'storage.event.set_aside', salvaged: 'storage.event.salvaged', rolled_back: 'storage.event.rolled_back',
  newer_schema: 'storage.event.newer_schema', disk_full: 'storage.event.disk_full',
  continued: 'storage.event.continued',
};

function contact(k) {
  if (k.minutes_since_report === null) return el('span', { class: 'fleet-bad' }, t('console.fleet.never'));
  return el('span', { class: k.silent ? 'fleet-bad' : null },
    k.reported_at_local, k.silent ? ` · ${t('console.fleet.silent', { minutes: k.minutes_since_report })}` : '');
}

// What waits in the outbox: to send (with the oldest's wait), refused by HQ; "—" for a kiosk too old to say.
function outbox(k) {
  if (k.pending === null && k.parked === null) return k.reported_at ? t('console.fleet.not_said') : '—';
  const parts = [];
  if (k.pending) {
    parts.push(el('div', { class: k.backlog_alert ? 'fleet-bad' : null },
      t('console.fleet.pending', { n: k.pending }),
      k.oldest_pending_minutes !== null ? ` · ${t('console.fleet.oldest', { minutes: k.oldest_pending_minutes })}` : ''));
  }
  if (k.parked) parts.push(el('div', { class: 'fleet-bad' }, t('console.fleet.parked', { n: k.parked })));
  return parts.length ? parts : el('span', { class: 'fleet-ok' }, t('console.fleet.nothing_waiting'));
}

function disk(k) {
  if (k.free_bytes === null) return '—';
  const gb = k.free_bytes / 1e9;
  return el('span', { class: k.free_bytes < LOW_DISK_BYTES ? 'fleet-bad' : null },
    gb >= 10 ? `${Math.round(gb)} GB` : gb >= 1 ? `${gb.toFixed(1)} GB` : `${Math.round(k.free_bytes / 1e6)} MB`);
}

function screen(k) {
  return k.orientation ? t(`orientation.${k.orientation}`) : '—';
}

// The last sync error under the outbox (the kiosk's own words; HQ keeps no phone-like digits of it).
function lastError(k) {
  if (k.last_error) return el('span', { class: 'fleet-bad' }, t('console.fleet.error', { error: k.last_error }));
  return k.pending === null ? '' : el('span', { class: 'muted' }, t('console.fleet.no_error'));
}

function storage(k) {
  if (!k.storage) return t('console.fleet.unknown');
  const words = STATES[k.storage] ? t(STATES[k.storage]) : k.storage;
  return el('span', { class: k.storage === 'ok' ? 'fleet-ok' : 'fleet-bad' }, words,
    k.storage !== 'ok' && k.storage_since_local ? ` (${t('console.fleet.since', { time: k.storage_since_local })})` : '');
}

function events(k) {
  const shown = k.events.slice(-5);
  if (!shown.length) return '—';
  return el('ul', { class: 'fleet-events' }, shown.map((e) => el('li', {},
    EVENTS[e.kind] ? t(EVENTS[e.kind], { time: e.at_local, file: e.file, detail: e.detail }) : e.kind)));
}

export default {
  id: 'fleet',
  title: 'console.nav.fleet',
  roles: ['admin', 'liaison', 'viewer'],
  async render(root) {
    fill(root, el('p', { class: 'muted' }, t('console.loading')));
    const data = await get('/v1/console/fleet');
    const rows = data.kiosks.map((k) => el('tr', { id: `kiosk-${k.device}` },
      el('td', { class: 'nowrap' }, k.device, el('div', { class: 'muted' }, t('console.fleet.number', { n: k.kiosk_number }))),
      el('td', { class: 'nowrap' }, contact(k)),
      el('td', {}, k.version || '—', el('div', { class: 'muted' }, screen(k))),
      el('td', { class: 'fleet-wrap' }, storage(k), el('div', {}, disk(k))),
      el('td', { class: 'fleet-wrap' }, outbox(k), el('div', {}, lastError(k))),
      el('td', {}, String(k.records)),
      el('td', { class: 'fleet-wrap' }, k.gaps.length ? el('span', { class: 'fleet-bad' },
        t('console.fleet.missing', { numbers: k.missing })) : t('console.fleet.no_gaps')),
      el('td', { class: 'fleet-wrap fleet-events-cell' }, events(k))));
    const troubled = data.kiosks.filter((k) => k.troubled).length;
    fill(root,
      el('h1', {}, t('console.nav.fleet')),
      el('p', { class: 'muted', id: 'fleet-summary' },
        t('console.fleet.summary', { n: data.kiosks.length, troubled, time: data.now_local || '' })),
      el('section', { class: 'card' }, grid(['fleet-table', 'fleet-empty'],
        ['console.fleet.col.device', 'console.fleet.col.contact', 'console.fleet.col.version',
          'console.fleet.col.storage', 'console.fleet.col.outbox', 'console.fleet.col.records', 'console.fleet.col.gaps', 'console.fleet.col.events'], rows,
        'console.fleet.empty')),
      el('p', { class: 'muted', id: 'fleet-rules' },
        t('console.fleet.rules', { silent: data.silent_minutes, backlog: data.backlog_minutes })));
  },
};
