// The overview: who is signed in (role, department) and today's numbers HQ holds, within what the role may see.
import { get } from '../api.js';
import { el, fill, hallTime } from '../dom.js';
import { t } from '../i18n.js';

function tile(id, label, value, note) {
  return el('div', { class: 'tile', id: `tile-${id}` },
    el('div', { class: 'tile-value' }, String(value)), el('div', { class: 'tile-label' }, label),
    note ? el('div', { class: 'tile-note' }, note) : null);
}

export default {
  id: 'home',
  title: 'console.nav.home',
  roles: ['admin', 'liaison', 'viewer'],
  async render(root, { user, offsetMinutes }) {
    fill(root, el('p', { class: 'muted' }, t('console.loading')));
    const o = await get('/v1/console/overview');
    const scope = user.department ? t('console.home.scope_department', { department: user.department })
                                  : t('console.home.scope_all');
    const tiles = [
      tile('ratings', t('console.home.ratings_today'), o.ratings_today,
        t('console.home.bad_ratings', { n: o.bad_ratings_today })),
      tile('reports', t('console.home.reports_today'), o.reports_today),
      tile('checkins', t('console.home.checkins_today'), o.checkins_today),
    ];
    if ('kiosks' in o)
      tiles.push(tile('kiosks', t('console.home.kiosks'), o.kiosks,
        t('console.home.last_record', { time: hallTime(o.last_record_at, offsetMinutes) })));
    if ('users' in o) tiles.push(tile('users', t('console.home.users'), o.users));
    if ('audit_today' in o)
      tiles.push(tile('audit', t('console.home.audit_today'), o.audit_today,
        t('console.home.failed_logins', { n: o.failed_logins_today })));
    fill(root,
      el('h1', {}, t('console.nav.home')),
      el('section', { class: 'card welcome', id: 'welcome' },
        el('h2', {}, t('console.home.hello', { login: user.login })),
        el('dl', { class: 'facts' },
          el('dt', {}, t('console.home.role')), el('dd', { id: 'home-role' }, t(`console.role.${user.role}`)),
          el('dt', {}, t('console.home.department')),
          el('dd', { id: 'home-department' }, user.department || t('console.home.all_departments')),
          el('dt', {}, t('console.home.today')), el('dd', { id: 'home-today' }, o.today)),
        el('p', { class: 'muted' }, scope)),
      el('h2', { class: 'section-title' }, t('console.home.today_title', { date: o.today })),
      el('section', { class: 'tiles' }, tiles));
  },
};
