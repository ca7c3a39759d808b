// One 办不成事 (#/report?receipt=…): what the citizen reported (as text), name and phone masked with an audited
// 显示, the promised date; 受理, 转办 (the bureau hands it to another department, which then sees it), 办理中 and
// 办结 with the reply the citizen reads at the kiosk's 进度查询; the history.
import { get, post } from '../api.js';
import { el, fill, hallTime } from '../dom.js';
import { t } from '../i18n.js';
import { departments, facts, historyTable, caseMessage, stateBadge, word } from '../cases.js';
import { REPORT_STATES, printedReceipt } from './reports.js';
import { dateInput, normalDate } from '../dates.js';

export default {
  id: 'report',
  title: 'console.nav.reports',
  nav: 'reports',
  roles: ['admin', 'liaison', 'viewer'],
  async render(root, ctx) {
    const { params, user, offsetMinutes } = ctx;
    const path = `/v1/console/reports/${encodeURIComponent(params.get('receipt') || '')}`;
    const [c, depts] = await Promise.all([get(path), departments()]);
    const canChange = user.role !== 'viewer';
    const { message, again, failed } = caseMessage('report-message', this, root, ctx);

    const name = el('span', { id: 'report-name' }, c.name || '—');
    const phone = el('span', { id: 'report-phone' }, c.phone || t('console.cases.no_phone'));
    const reveal = (c.phone || c.name) && canChange ? el('button', { class: 'small', id: 'report-reveal', onclick: async () => {
      try {
        const full = await post(`${path}/phone`);
        if (full.name) name.textContent = full.name;
        if (full.phone) phone.textContent = full.phone;
        reveal.remove();
      } catch (e) { failed(e); }
    } }, t('console.cases.reveal_phone')) : null;

    const done = c.state === 'done';
    const sections = [
      el('section', { class: 'card' },
        el('h2', {}, t('console.report.what')),
        facts([
          [t('console.reports.col.receipt'), el('span', { class: 'mono' }, printedReceipt(c.receipt)), 'report-receipt'],
          [t('console.report.filed_at'), hallTime(c.filed_at, offsetMinutes)],
          [t('console.report.reported_department'), c.reported_department, 'report-reported'],
          [t('console.reports.col.item'), c.item],
          [t('console.reports.col.kind'), word(`kind.${c.kind}`, c.kind_name)],
          [t('console.report.description'), el('span', { class: 'citizen-text', id: 'report-description' }, c.description || '—')],
          [t('console.report.name'), name],
          [t('console.cases.col.phone'), el('span', {}, phone, reveal)],
        ])),
      el('section', { class: 'card' },
        el('h2', {}, t('console.report.handling')),
        facts([
          [t('console.report.handled_by'), c.department, 'report-department'],
          [t('console.cases.col.state'), stateBadge(word(`query.status.${c.state}`, c.state_name),
            { overdue: c.overdue, closed: done }), 'report-state'],
          [t('console.reports.col.promised'), el('span', { class: c.overdue ? 'red' : null, id: 'report-promised' },
            c.promised || '—', c.overdue ? el('span', { class: 'overdue-mark' }, t('console.cases.overdue_mark')) : null)],
          [t('console.report.promised_at_kiosk'), c.promised_at_kiosk],
          [t('console.report.reply'), el('span', { class: 'citizen-text', id: 'report-reply' }, c.reply || '—')],
          [t('console.report.done_at'), c.done_at ? hallTime(c.done_at, offsetMinutes) : '—'],
          // How the citizen rated the handling on the receipt's page (after 办结; once).
          [t('console.report.citizen_rating'), c.citizen_rating
            ? el('span', { id: 'report-citizen-rating' }, word(`level.${c.citizen_rating.level}`, c.citizen_rating.level),
              c.citizen_rating.comment ? el('div', { class: 'citizen-text' }, c.citizen_rating.comment) : null)
            : t(done ? 'console.report.not_rated' : 'console.report.rated_after_done')],
        ])),
    ];

    if (canChange && !done) {
      const at = REPORT_STATES.findIndex(([wire]) => wire === c.state);
      const to = el('select', { id: 'report-to' },
        REPORT_STATES.slice(Math.max(at, 1)).map(([wire, key]) =>
          el('option', { value: wire, selected: wire === REPORT_STATES[Math.min(at + 1, 3)][0] }, t(key))));
      const dept = user.role === 'admin' ? el('select', { id: 'report-transfer' },
        depts.map((d) => el('option', { value: d.name, selected: d.name === c.department }, d.name))) : null;
      const promised = dateInput('report-new-promised', c.promised || '');
      const reply = el('textarea', { id: 'report-reply-text', rows: 3, maxlength: 600,
        placeholder: t('console.report.reply_hint') }, c.reply || '');
      const note = el('textarea', { id: 'report-note', rows: 2, maxlength: 600 });
      const form = el('form', { class: 'card form-stack', id: 'report-move' },
        el('h2', {}, t('console.report.move')),
        el('div', { class: 'form-grid' },
          el('div', { class: 'field' }, el('label', { for: 'report-to' }, t('console.rating.to_state')), to),
          dept ? el('div', { class: 'field' }, el('label', { for: 'report-transfer' }, t('console.report.transfer')), dept) : null,
          el('div', { class: 'field' }, el('label', { for: 'report-new-promised' }, t('console.reports.col.promised')), promised)),
        el('div', { class: 'field' }, el('label', { for: 'report-reply-text' }, t('console.report.reply')), reply),
        el('div', { class: 'field' }, el('label', { for: 'report-note' }, t('console.cases.note')), note),
        el('div', { class: 'buttons' }, el('button', { type: 'submit', class: 'primary', id: 'report-move-submit' },
          t('console.cases.save'))));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        if (to.value === 'done' && !reply.value.trim()) return message.say(t('console.report.reply_needed'), false);
        const body = { state: to.value, note: note.value.trim() };
        if (reply.value.trim()) body.reply = reply.value.trim();
        if (normalDate(promised.value) && normalDate(promised.value) !== c.promised) body.promised = normalDate(promised.value);
        if (dept && dept.value !== c.department) body.department = dept.value;
        try {
          await post(`${path}/state`, body);
          again(t('console.report.moved', { state: t(`query.status.${to.value}`) }));
        } catch (e) { failed(e); }
      });
      sections.push(form);
    }
    sections.push(el('section', { class: 'card' }, el('h2', {}, t('console.cases.history')),
      historyTable(c.history, offsetMinutes, 'query.status.')));
    fill(root,
      el('div', { class: 'crumbs' }, el('a', { href: '#/reports', id: 'report-back' }, t('console.report.back'))),
      el('h1', {}, t('console.report.title', { receipt: printedReceipt(c.receipt) })),
      message,
      el('div', { class: 'case-columns' }, sections));
  },
};
