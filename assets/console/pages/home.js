// 工作台, the console's first page: today in the hall (who sits which window and whether they are there, visitors,
// ratings and 好评率, the open 差评 and 办不成事 by deadline, overdue in red), the month's charts (好评率 by department
// over six months, the top 差评 reasons, 办不成事 by kind with median working days, sittings per rank against the
// rule) and the departments ranked (the 通报), all within what the role sees; ratings flagged as too fast from one
// kiosk, for the bureau to review. Charts are Debian's libjs-chart.js (window.Chart, loaded by index.html).
import { get, post, put, ApiError } from '../api.js';
import { el, fill } from '../dom.js';
import { t, language } from '../i18n.js';
import { grid, stateBadge, targetText, word } from '../cases.js';
import { field } from '../forms.js';

const COLOURS = ['#0b4f9c', '#b42318', '#1a7f37', '#9a6700', '#6f42c1', '#0f7c90', '#c4520b', '#5f6b7a',
  '#8a1f62', '#2f6f3e', '#3b5bdb', '#a61e4d', '#495057'];
const charts = [];  // the Chart objects of the page shown, destroyed before it is drawn again

function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

function tile(id, label, value, note, { warn = false, href = null } = {}) {
  const body = [el('div', { class: `tile-value${warn ? ' tile-bad' : ''}` }, String(value)),
    el('div', { class: 'tile-label' }, label), note ? el('div', { class: 'tile-note' }, note) : null];
  return href ? el('a', { class: 'tile tile-link', id: `tile-${id}`, href }, body)
              : el('div', { class: 'tile', id: `tile-${id}` }, body);
}

function statusBadge(row) {
  const cls = { on_duty: 'badge-green', left: 'badge-grey', not_arrived: 'badge-amber' }[row.status];
  return [el('span', { class: `badge ${cls}` }, t(`status.${row.status}`)),
    row.since_local ? el('div', { class: 'muted small' }, row.since_local) : null];
}

function dutyCard(rows) {
  const body = rows.map((r) => el('tr', {},
    el('td', { class: 'nowrap' }, t(`half.${r.half}`)),
    el('td', { class: 'nowrap' }, r.window ? t('console.dash.window', { n: r.window }) : '—'),
    el('td', {}, el('strong', {}, r.official),
      r.title || !r.planned ? el('div', { class: 'muted small' }, r.title,
        r.planned ? null : ` ${t('console.dash.unplanned')}`) : null),
    el('td', {}, r.department),
    el('td', {}, statusBadge(r))));
  return el('section', { class: 'card', id: 'dash-duty' },
    el('h2', {}, t('console.dash.duty_title')),
    grid(['dash-duty-table', 'dash-duty-empty'], ['console.dash.col.half', 'console.dash.col.window',
      'console.dash.col.official', 'console.dash.col.department', 'console.dash.col.status'], body,
    'console.dash.duty_empty', 'grid compact'));
}

function caseList(id, titleKey, items, counts, line, allHref) {
  const list = items.map((c) => el('li', { class: c.overdue ? 'overdue' : null }, line(c)));
  return el('div', { class: 'dash-cases', id },
    el('h3', {}, t(titleKey, { open: counts.open || 0, overdue: counts.overdue || 0 })),
    list.length ? el('ul', { class: 'case-lines' }, list) : el('p', { class: 'muted' }, t('console.dash.none_open')),
    el('a', { href: allHref }, t('console.dash.all_cases')));
}

function deadlineText(c, deadline) {
  return c.overdue ? t('console.dash.overdue_since', { date: deadline }) : t('console.dash.due', { date: deadline });
}

function casesCard(open) {
  const r = open.ratings, p = open.reports;
  return el('section', { class: 'card', id: 'dash-cases' },
    el('h2', {}, t('console.dash.cases_title')),
    el('div', { class: 'two-columns' },
      caseList('dash-ratings', 'console.dash.ratings_open', r.items, r.counts, (c) => [
        el('a', { href: `#/rating?id=${encodeURIComponent(c.id)}` }, targetText(c.target)),
        ` · ${c.department} · `, stateBadge(word(`case.state.${c.state}`, c.state_name), { overdue: c.overdue }),
        ' ', el('span', { class: c.overdue ? 'late' : 'muted' }, deadlineText(c, c.deadline))],
      '#/ratings'),
      caseList('dash-reports', 'console.dash.reports_open', p.items, p.counts, (c) => [
        el('a', { href: `#/report?receipt=${encodeURIComponent(c.receipt)}` }, c.item || c.receipt),
        ` · ${c.department} · `, stateBadge(word(`query.status.${c.state}`, c.state_name), { overdue: c.overdue }),
        ' ', el('span', { class: c.overdue ? 'late' : 'muted' }, deadlineText(c, c.promised))],
      '#/reports')));
}

function chartCard(id, titleKey, note, empty) {
  const canvas = el('canvas', { id: `${id}-canvas` });
  return {
    canvas,
    card: el('section', { class: 'card chart-card', id },
      el('h2', {}, t(titleKey)), note ? el('p', { class: 'muted chart-note' }, note) : null,
      empty ? el('p', { class: 'muted chart-empty' }, t('console.dash.no_data')) : el('div', { class: 'chart-box' }, canvas)),
  };
}

function draw(canvas, config) {
  if (!window.Chart || !canvas.isConnected) return;
  const font = getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.font.family = font;
  window.Chart.defaults.font.size = 13;
  window.Chart.defaults.color = '#1f2933';
  window.Chart.defaults.animation = false;
  charts.push(new window.Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false,
    ...config.options } }));
}

function monthLabel(m) {
  return language() === 'en' ? m : `${Number(m.slice(5, 7))}月`;
}

function periodText(r) {
  return language() === 'en' ? `${r.first} – ${r.last}` : r.period;
}

function rankingCard(rows, month) {
  const body = rows.map((r) => el('tr', { class: r.place === null ? 'dim' : null },
    el('td', { class: 'num' }, r.place === null ? '—' : String(r.place)),
    el('td', {}, r.department),
    el('td', { class: 'num' }, String(r.ratings)),
    el('td', { class: 'num' }, percent(r.good_rate)),
    el('td', { class: 'num' }, String(r.bad)),
    el('td', { class: 'num' }, String(r.reports)),
    el('td', { class: `num${r.overdue ? ' late' : ''}` }, String(r.overdue))));
  return el('section', { class: 'card', id: 'dash-ranking' },
    el('h2', {}, t('console.dash.ranking_title', { month: monthLabel(month) })),
    el('p', { class: 'muted' }, t('console.dash.ranking_note')),
    grid(['dash-ranking-table', 'dash-ranking-empty'], [['console.dash.rank.place', 'num'], 'console.dash.rank.department',
      ['console.dash.rank.ratings', 'num'], ['console.dash.rank.good_rate', 'num'], ['console.dash.rank.bad', 'num'],
      ['console.dash.rank.reports', 'num'], ['console.dash.rank.overdue', 'num']], body, 'console.dash.no_data',
    'grid compact'));
}

async function flagsCard(user, reload) {
  const data = await get('/v1/console/flags');
  const admin = user.role === 'admin';
  const rows = data.items.map((b) => {
    const note = el('input', { type: 'text', maxlength: 200, placeholder: t('console.dash.flags.note'),
      'aria-label': t('console.dash.flags.note') });
    const review = admin ? el('button', { class: 'small', onclick: async (ev) => {
      ev.target.disabled = true;
      try {
        await post('/v1/console/flags/review', { device: b.device, target_kind: b.target_kind, target_id: b.target_id,
          date: b.date, note: note.value });
        reload();
      } catch (e) {
        ev.target.disabled = false;
        alert(e instanceof ApiError ? e.message : String(e));
      }
    } }, t('console.dash.flags.review')) : null;
    return el('tr', {},
      el('td', { class: 'nowrap' }, `${b.date} ${b.first_local}–${b.last_local}`),
      el('td', { class: 'nowrap' }, b.kiosk_number ? t('console.dash.flags.kiosk', { n: String(b.kiosk_number).padStart(3, '0'), device: b.device }) : b.device),
      el('td', {}, `${word(`target.${b.target_kind}`, b.target_kind)}：${b.target}`),
      el('td', {}, b.department),
      el('td', { class: 'num' }, String(b.ratings)),
      el('td', { class: 'num' }, String(b.bad)),
      admin ? el('td', { class: 'flag-review' }, note, review) : null);
  });
  const rule = el('p', { class: 'muted', id: 'dash-flags-rule' },
    t('console.dash.flags.rule', { ratings: data.rule.ratings, seconds: data.rule.seconds }));
  let ruleForm = null;
  if (admin) {
    const ratings = el('input', { type: 'number', min: 2, max: 100, value: data.rule.ratings, id: 'flags-rule-ratings' });
    const seconds = el('input', { type: 'number', min: 10, max: 3600, value: data.rule.seconds, id: 'flags-rule-seconds' });
    const msg = el('span', { class: 'muted', role: 'status' });
    ruleForm = el('form', { class: 'inline-form', id: 'flags-rule', onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        await put('/v1/console/flags/rule', { ratings: Number(ratings.value), seconds: Number(seconds.value) });
        reload();
      } catch (e) {
        msg.textContent = e instanceof ApiError ? e.message : String(e);
        msg.className = 'error-text';
      }
    } }, field(t('console.dash.flags.rule_ratings'), ratings), field(t('console.dash.flags.rule_seconds'), seconds),
    el('button', { type: 'submit' }, t('console.form.save')), msg);
  }
  return el('section', { class: 'card', id: 'dash-flags' },
    el('h2', {}, t('console.dash.flags.title', { n: data.items.reduce((s, b) => s + b.ratings, 0) })),
    rule,
    grid(['dash-flags-table', 'dash-flags-empty'], ['console.dash.flags.col.time', 'console.dash.flags.col.kiosk',
      'console.dash.flags.col.target', 'console.dash.flags.col.department', ['console.dash.flags.col.ratings', 'num'],
      ['console.dash.flags.col.bad', 'num'], ...(admin ? ['console.dash.flags.col.review'] : [])], rows,
    'console.dash.flags.none', 'grid compact'),
    ruleForm);
}

export default {
  id: 'home',
  title: 'console.nav.home',
  roles: ['admin', 'liaison', 'viewer'],
  async render(root, ctx) {
    const { user, params, navigate } = ctx;
    while (charts.length) charts.pop().destroy();
    fill(root, el('p', { class: 'muted' }, t('console.loading')));
    const asked = params.get('month') || '';
    const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : '';
    const [d, o] = await Promise.all([get(`/v1/console/dashboard${month ? `?month=${month}` : ''}`),
      get('/v1/console/overview')]);
    const n = d.today_numbers, rc = d.open_cases.ratings.counts, pc = d.open_cases.reports.counts;
    const tiles = [
      tile('visitors', t('console.dash.visitors'), n.visitors),
      tile('ratings', t('console.dash.ratings_today'), n.ratings, t('console.dash.good_rate', { rate: percent(n.good_rate) })),
      tile('bad', t('console.dash.bad_today'), n.bad, null, { warn: n.bad > 0 }),
      tile('reports', t('console.dash.reports_today'), n.reports),
      tile('open-ratings', t('console.dash.open_ratings'), rc.open || 0,
        t('console.dash.overdue_n', { n: rc.overdue || 0 }), { warn: (rc.overdue || 0) > 0, href: '#/ratings?overdue=1' }),
      tile('open-reports', t('console.dash.open_reports'), pc.open || 0,
        t('console.dash.overdue_n', { n: pc.overdue || 0 }), { warn: (pc.overdue || 0) > 0, href: '#/reports?overdue=1' }),
    ];
    if (d.flagged_ratings > 0)
      tiles.push(tile('flagged', t('console.dash.flagged'), d.flagged_ratings, t('console.dash.flagged_note'),
        { warn: true, href: '#dash-flags' }));
    if ('kiosks' in o) tiles.push(tile('kiosks', t('console.home.kiosks'), o.kiosks, null, { href: '#/fleet' }));
    if ('audit_today' in o)
      tiles.push(tile('audit', t('console.home.audit_today'), o.audit_today,
        t('console.home.failed_logins', { n: o.failed_logins_today }), { href: '#/audit' }));

    const picker = el('input', { type: 'month', id: 'dash-month', value: d.month, max: d.today.slice(0, 7),
      'aria-label': t('console.dash.month'),
      onchange: () => { if (/^\d{4}-\d{2}$/.test(picker.value)) navigate('home', { month: picker.value }); } });
    const rate = chartCard('dash-chart-rate', 'console.dash.chart.rate', t('console.dash.chart.rate_note'),
      d.good_rate.departments.every((s) => s.ratings.every((x) => x === 0)));
    const reasons = chartCard('dash-chart-reasons', 'console.dash.chart.reasons',
      t('console.dash.chart.month_note', { month: monthLabel(d.month) }), !d.top_reasons.length);
    const kinds = chartCard('dash-chart-kinds', 'console.dash.chart.kinds',
      t('console.dash.chart.kinds_note', { month: monthLabel(d.month) }), !d.report_kinds.length);
    const sittings = chartCard('dash-chart-sittings', 'console.dash.chart.sittings', t('console.dash.chart.sittings_note'),
      !d.sittings_by_rank.length);
    const welcome = el('section', { class: 'card welcome compact', id: 'welcome' },
      el('span', {}, t('console.home.hello', { login: user.login })), ' · ',
      el('span', { id: 'home-role' }, t(`console.role.${user.role}`)), ' · ',
      el('span', { id: 'home-department' }, user.department || t('console.home.all_departments')));
    fill(root,
      el('h1', {}, t('console.dash.title', { date: d.today, time: d.now_local })),
      welcome,
      el('section', { class: 'tiles dash-tiles', id: 'dash-tiles' }, tiles),
      el('div', { class: 'two-columns dash-today' }, dutyCard(d.duty), casesCard(d.open_cases)),
      el('div', { class: 'section-bar' }, el('h2', { class: 'section-title' }, t('console.dash.month_title')),
        el('label', { class: 'month-pick' }, t('console.dash.month'), ' ', picker)),
      el('div', { class: 'chart-grid' }, rate.card, reasons.card, kinds.card, sittings.card),
      rankingCard(d.ranking, d.month),
      el('div', { id: 'dash-flags-slot' }));

    const months = d.good_rate.months.map(monthLabel);
    draw(rate.canvas, {
      type: 'line',
      data: { labels: months, datasets: d.good_rate.departments.filter((s) => s.ratings.some((x) => x > 0))
        .map((s, i) => ({ label: s.department, data: s.rates.map((r) => (r === null ? null : r * 100)),
          borderColor: COLOURS[i % COLOURS.length], backgroundColor: COLOURS[i % COLOURS.length], spanGaps: true,
          tension: 0 })) },
      options: { scales: { y: { suggestedMin: 80, max: 100, ticks: { callback: (v) => `${v}%` } } },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed.y.toFixed(1)}%` } } } },
    });
    draw(reasons.canvas, {
      type: 'bar',
      data: { labels: d.top_reasons.map((r) => r.reason), datasets: [{ label: t('console.dash.chart.bad_count'),
        data: d.top_reasons.map((r) => r.n), backgroundColor: '#b42318', maxBarThickness: 28 }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { ticks: { precision: 0 } } } },
    });
    draw(kinds.canvas, {
      type: 'bar',
      data: { labels: d.report_kinds.map((k) => [t(k.label_key),
        k.median_days === null ? t('console.dash.chart.no_median') : t('console.dash.chart.median', { days: k.median_days })]),
      datasets: [{ label: t('console.dash.chart.report_count'), data: d.report_kinds.map((k) => k.n),
        backgroundColor: '#0b4f9c', maxBarThickness: 56 }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { ticks: { precision: 0 } } } },
    });
    draw(sittings.canvas, {
      type: 'bar',
      data: { labels: d.sittings_by_rank.map((r) => [t(r.label_key), periodText(r)]),
        datasets: [{ label: t('console.dash.chart.met'), data: d.sittings_by_rank.map((r) => r.met), backgroundColor: '#1a7f37', maxBarThickness: 56 },
          { label: t('console.dash.chart.not_yet'), data: d.sittings_by_rank.map((r) => r.not_yet), backgroundColor: '#d8dee6', maxBarThickness: 56 }] },
      options: { scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } } },
    });
    const slot = root.querySelector('#dash-flags-slot');
    if (slot) fill(slot, await flagsCard(user, () => this.render(root, ctx)));
  },
};
