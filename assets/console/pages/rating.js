// One 差评 (#/rating?id=…): who or what was rated, level, reasons, the citizen's words (as text), the masked phone
// with an audited 显示号码, deadlines and history; moving it on with a note, 申诉 and the bureau's decision.
import { get, post } from '../api.js';
import { el, fill, hallTime } from '../dom.js';
import { t } from '../i18n.js';
import { facts, historyTable, caseMessage, stateBadge, targetText, word } from '../cases.js';
import { RATING_STATES } from './ratings.js';

// The states a case may move on to from `state` (only forward).
function laterStates(state) {
  const at = RATING_STATES.findIndex(([wire]) => wire === state);
  return RATING_STATES.slice(at + 1);
}

export default {
  id: 'rating',
  title: 'console.nav.ratings',
  nav: 'ratings',  // not in the navigation itself: it lights up 差评处置
  roles: ['admin', 'liaison', 'viewer'],
  async render(root, ctx) {
    const { params, user, navigate, offsetMinutes } = ctx;
    const id = params.get('id') || '';
    const path = `/v1/console/ratings/${encodeURIComponent(id)}`;
    const c = await get(path);
    const canChange = user.role !== 'viewer';
    const { message, again, failed } = caseMessage('rating-message', this, root, ctx);

    const phone = el('span', { id: 'rating-phone' }, c.phone || t('console.cases.no_phone'));
    const reveal = c.phone && canChange ? el('button', { class: 'small', id: 'rating-reveal', onclick: async () => {
      try {
        phone.textContent = (await post(`${path}/phone`)).phone;
        reveal.remove();
      } catch (e) { failed(e); }
    } }, t('console.cases.reveal_phone')) : null;

    const closed = c.state === 'revisited' || c.appeal === 'approved';
    const sections = [
      el('section', { class: 'card' },
        el('h2', {}, t('console.rating.what')),
        facts([
          [t('console.ratings.col.target'), targetText(c.target), 'rating-target'],
          [t('console.cases.col.department'), c.department, 'rating-department'],
          [t('console.ratings.col.level'), word(`level.${c.level}`, c.level_name), 'rating-level'],
          [t('console.rating.given_at'), hallTime(c.given_at, offsetMinutes)],
          [t('console.rating.reasons'), c.reasons.length ? c.reasons.join('、') : '—', 'rating-reasons'],
          [t('console.rating.comment'), el('span', { class: 'citizen-text', id: 'rating-comment' }, c.comment || '—')],
          [t('console.cases.col.phone'), el('span', {}, phone, reveal)],
        ])),
      el('section', { class: 'card' },
        el('h2', {}, t('console.rating.handling')),
        facts([
          [t('console.cases.col.state'), stateBadge(word(`case.state.${c.state}`, c.state_name),
            { overdue: c.overdue, closed }), 'rating-state'],
          [t('console.rating.since'), c.state_since],
          [t('console.cases.col.deadline'), el('span', { class: c.overdue ? 'red' : null, id: 'rating-deadline' },
            c.deadline || '—', c.overdue ? el('span', { class: 'overdue-mark' }, t('console.cases.overdue_mark')) : null)],
          [t('console.rating.deadline_rule'), t('console.rating.deadline_days', c.deadlines)],
          [t('console.rating.follow_up'), c.follow_up ? c.follow_up.note : '—', 'rating-follow-up'],
          [t('console.ratings.col.appeal'), c.appeal_detail ? appealText(c) : '—', 'rating-appeal'],
        ])),
    ];

    if (canChange && !closed && laterStates(c.state).length) {
      const to = el('select', { id: 'rating-to' },
        laterStates(c.state).map(([wire, key]) => el('option', { value: wire }, t(key))));
      const note = el('textarea', { id: 'rating-note', rows: 3, maxlength: 600,
        placeholder: t('console.rating.note_hint') });
      const form = el('form', { class: 'card form-stack', id: 'rating-move' },
        el('h2', {}, t('console.rating.move')),
        el('div', { class: 'field' }, el('label', { for: 'rating-to' }, t('console.rating.to_state')), to),
        el('div', { class: 'field' }, el('label', { for: 'rating-note' }, t('console.cases.note')), note),
        el('div', { class: 'buttons' }, el('button', { type: 'submit', class: 'primary', id: 'rating-move-submit' },
          t('console.cases.save'))));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        if (!note.value.trim()) return message.say(t('console.cases.note_needed'), false);
        try {
          await post(`${path}/state`, { state: to.value, note: note.value.trim() });
          again(t('console.rating.moved', { state: t(`case.state.${to.value}`) }));
        } catch (e) { failed(e); }
      });
      sections.push(form);
    }

    if (canChange && !c.appeal_detail && !closed) {
      const ground = el('select', { id: 'rating-ground' },
        el('option', { value: 'malicious' }, t('case.appeal.malicious')),
        el('option', { value: 'mistaken' }, t('case.appeal.mistaken')));
      const reason = el('textarea', { id: 'rating-appeal-reason', rows: 2, maxlength: 600 });
      const form = el('form', { class: 'card form-stack', id: 'rating-appeal-form' },
        el('h2', {}, t('console.rating.appeal')), el('p', { class: 'muted' }, t('console.rating.appeal_hint')),
        el('div', { class: 'field' }, el('label', { for: 'rating-ground' }, t('console.rating.ground')), ground),
        el('div', { class: 'field' }, el('label', { for: 'rating-appeal-reason' }, t('console.rating.appeal_reason')), reason),
        el('div', { class: 'buttons' }, el('button', { type: 'submit', id: 'rating-appeal-submit' }, t('console.rating.appeal_file'))));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        if (!reason.value.trim()) return message.say(t('console.rating.appeal_reason_needed'), false);
        try {
          await post(`${path}/appeal`, { ground: ground.value, reason: reason.value.trim() });
          again(t('console.rating.appeal_filed'));
        } catch (e) { failed(e); }
      });
      sections.push(form);
    }

    if (user.role === 'admin' && c.appeal === 'pending') {
      const note = el('textarea', { id: 'rating-decision-note', rows: 2, maxlength: 600 });
      const decide = (approve) => async () => {
        try {
          await post(`${path}/appeal/decision`, { approve, note: note.value.trim() });
          again(t(approve ? 'console.rating.appeal_approved' : 'console.rating.appeal_rejected'));
        } catch (e) { failed(e); }
      };
      sections.push(el('section', { class: 'card form-stack', id: 'rating-decision' },
        el('h2', {}, t('console.rating.decision')),
        el('div', { class: 'field' }, el('label', { for: 'rating-decision-note' }, t('console.cases.note')), note),
        el('div', { class: 'buttons' },
          el('button', { class: 'primary', id: 'rating-approve', onclick: decide(true) }, t('console.rating.approve')),
          el('button', { id: 'rating-reject', onclick: decide(false) }, t('console.rating.reject')))));
    }

    sections.push(el('section', { class: 'card' }, el('h2', {}, t('console.cases.history')),
      historyTable(c.history, offsetMinutes, 'case.state.')));
    fill(root,
      el('div', { class: 'crumbs' }, el('a', { href: '#/ratings', id: 'rating-back' }, t('console.rating.back'))),
      el('h1', {}, t('console.rating.title', { date: c.date })),
      message,
      el('div', { class: 'case-columns' }, sections));
  },
};

function appealText(c) {
  const a = c.appeal_detail;
  const parts = [`${word(`case.appeal.${a.ground}`, a.ground_name)}：${a.reason || ''}`,
    word(`case.appeal_state.${a.state}`, c.appeal_name)];
  if (a.decision_note) parts.push(a.decision_note);
  return parts.join(' · ');
}
