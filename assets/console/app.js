// The console's shell: who is signed in, the navigation their role may use, and the router on location.hash
// ("#/users", "#/audit?actor=wang"). Pages are modules registered in PAGES below, the one place a page is added
// (README.md says how a page module looks).
import { get, post, setCsrfToken, setUnauthorizedHandler, ApiError } from './api.js';
import { el, fill } from './dom.js';
import { t, loadLanguage, setLanguage, otherLanguage } from './i18n.js';
import loginPage from './pages/login.js';
import homePage from './pages/home.js';
import usersPage from './pages/users.js';
import auditPage from './pages/audit.js';
import ratingsPage from './pages/ratings.js';
import ratingPage from './pages/rating.js';
import reportsPage from './pages/reports.js';
import reportPage from './pages/report.js';
import schedulePage from './pages/schedule.js';
import officialsPage from './pages/officials.js';
import itemsPage from './pages/items.js';
import reasonsPage from './pages/reasons.js';
import calendarPage from './pages/calendar.js';
import windowsPage from './pages/windows.js';
import tablesPage from './pages/tables.js';
import fleetPage from './pages/fleet.js';
import forwardsPage from './pages/forwards.js';
import alertsPage from './pages/alerts.js';
import walksPage from './pages/walks.js';
import { refreshBadge, startBadge } from './alert_badge.js';

// Every page of the console, in the order of the navigation; a page with `nav` (a case) is not listed itself and
// lights up the page it belongs to.
const PAGES = [homePage, alertsPage, ratingsPage, ratingPage, reportsPage, reportPage, walksPage, schedulePage, officialsPage, itemsPage,
  reasonsPage, calendarPage, windowsPage, tablesPage, fleetPage, forwardsPage, usersPage, auditPage];

const root = document.getElementById('app');
// The signed-in user ({login, role, department}) and the hall's UTC offset, once known.
const session = { user: null, offsetMinutes: 480 };

// The route in the hash: page id and its parameters.
function currentRoute() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [id, q] = hash.split('?');
  return { id: id || 'home', params: new URLSearchParams(q || '') };
}

export function navigate(id, params = {}) {
  const q = new URLSearchParams(params).toString();
  location.hash = `#/${id}${q ? `?${q}` : ''}`;
}

function allowed(page) {
  return session.user && page.roles.includes(session.user.role);
}

// Takes what /v1/console/login or /me answered.
function signedIn(answer) {
  session.user = answer.user;
  if (typeof answer.hall_utc_offset_minutes === 'number') session.offsetMinutes = answer.hall_utc_offset_minutes;
  setCsrfToken(answer.csrf_token);
}

async function signOut() {
  try {
    await post('/v1/console/logout');
  } catch (e) {
    // the session may already be over; the login page follows either way
  }
  session.user = null;
  setCsrfToken('');
  navigate('login');
}

function header() {
  const u = session.user;
  return el('header', { class: 'topbar' },
    el('div', { class: 'brand' }, el('span', { class: 'emblem', 'aria-hidden': 'true' }, '政'), t('console.title')),
    el('div', { class: 'who' },
      el('span', { class: 'who-name', id: 'who-name' }, u.login),
      el('span', { class: `role role-${u.role}` }, t(`console.role.${u.role}`)),
      u.department ? el('span', { class: 'who-dept' }, u.department) : null,
      el('button', { class: 'link lang', id: 'lang-toggle', onclick: toggleLanguage }, t('console.language.other')),
      el('button', { class: 'link', id: 'logout', onclick: signOut }, t('console.logout'))));
}

function nav(activeId) {
  return el('nav', { class: 'sidenav' },
    el('ul', {}, PAGES.filter((p) => allowed(p) && !p.nav).map((p) =>
      el('li', {}, el('a', { href: `#/${p.id}`, class: p.id === activeId ? 'active' : null, id: `nav-${p.id}` },
        t(p.title), p.id === 'alerts' ? el('span', { class: 'badge badge-red nav-badge', id: 'alert-badge', hidden: true }) : null)))));
}

async function toggleLanguage() {
  await setLanguage(otherLanguage());
  route();
}

function forbidden() {
  return el('section', { class: 'card notice error', id: 'forbidden' },
    el('h2', {}, t('console.forbidden.title')), el('p', {}, t('console.forbidden.text')));
}

let generation = 0;  // a newer route wins over a page still loading

async function route() {
  const mine = ++generation;
  const { id, params } = currentRoute();
  document.title = t('console.title');
  if (id === 'login') {
    session.user = null;
    fill(root, el('main', { class: 'login-shell' }));
    await loginPage.render(root.firstChild, { params, signedIn, navigate });
    return;
  }
  if (!session.user) {
    try {
      signedIn(await get('/v1/console/me'));
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) showFailure(e);
      return;  // the 401 handler went to the login page
    }
  }
  if (mine !== generation) return;
  const page = PAGES.find((p) => p.id === id) || homePage;
  const main = el('main', { class: 'content', id: `page-${page.id}` });
  fill(root, header(), el('div', { class: 'body' }, nav(page.nav || page.id), main));
  refreshBadge();
  startBadge();
  document.title = `${t(page.title)} · ${t('console.title')}`;
  if (!allowed(page)) {
    fill(main, forbidden());
    return;
  }
  try {
    await page.render(main, { user: session.user, params, navigate, offsetMinutes: session.offsetMinutes });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    if (e instanceof ApiError && e.status === 403) fill(main, forbidden());
    else fill(main, failure(e));
  }
}

function failure(e) {
  return el('section', { class: 'card notice error' }, el('h2', {}, t('console.error.title')),
    el('p', {}, e instanceof ApiError && e.status === 0 ? t('console.error.network') : e.message));
}

function showFailure(e) {
  fill(root, el('main', { class: 'content' }, failure(e)));
}

setUnauthorizedHandler(() => {
  const { id } = currentRoute();
  const hadSession = session.user !== null;
  session.user = null;
  if (id === 'login') return;
  const params = id === 'home' ? {} : { next: id };
  if (hadSession) params.expired = '1';
  navigate('login', params);
});

window.addEventListener('hashchange', route);
loadLanguage().then(route, showFailure);
