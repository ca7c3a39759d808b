// 设备 (every role reads it): each kiosk HQ has enrolled — when it last reported, its version, whether it can save,
// what happened to its storage (a damaged file set aside, records read back, a full disk) and the record numbers HQ
// never received from it. The same words as the kiosk's own operator screen.
import { get } from '../api.js';
import { el, fill } from '../dom.js';
import { t } from '../i18n.js';
import { grid } from '../cases.js';

// A kiosk that has not reported for this long is shown as out of touch (it reports on every sync round).
const SILENT_MINUTES = 60;

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
  const silent = k.minutes_since_report >= SILENT_MINUTES;
  return el('span', { class: silent ? 'fleet-bad' : null },
    k.reported_at_local, silent ? ` · ${t('console.fleet.silent', { minutes: k.minutes_since_report })}` : '');
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
    const rows = data.kiosks.map((k) => el('tr', {},
      el('td', { class: 'nowrap' }, k.device), el('td', { class: 'nowrap' }, contact(k)),
      el('td', {}, k.version || '—'), el('td', { class: 'fleet-wrap' }, storage(k)),
      el('td', {}, String(k.records)),
      el('td', { class: 'fleet-wrap' }, k.gaps.length ? el('span', { class: 'fleet-bad' },
        t('console.fleet.missing', { numbers: k.missing })) : t('console.fleet.no_gaps')),
      el('td', { class: 'fleet-wrap' }, events(k))));
    const troubled = data.kiosks.filter((k) => k.gaps.length || (k.storage && k.storage !== 'ok') ||
      k.minutes_since_report === null || k.minutes_since_report >= SILENT_MINUTES).length;
    fill(root,
      el('h1', {}, t('console.nav.fleet')),
      el('p', { class: 'muted', id: 'fleet-summary' },
        t('console.fleet.summary', { n: data.kiosks.length, troubled, time: data.now_local || '' })),
      el('section', { class: 'card' }, grid(['fleet-table', 'fleet-empty'],
        ['console.fleet.col.device', 'console.fleet.col.contact', 'console.fleet.col.version',
          'console.fleet.col.storage', 'console.fleet.col.records', 'console.fleet.col.gaps',
          'console.fleet.col.events'], rows, 'console.fleet.empty')));
  },
};
