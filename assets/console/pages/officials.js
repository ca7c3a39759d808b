// 人员与PIN: the officials of a department (or all) with their 职务, 级别, masked phone and whether they have a PIN;
// one added or edited in a dialog (deleted when off the schedule), a PIN set (typed, or six digits HQ draws) and
// shown that once; and the officials' list uploaded as the CLI imports it.
import { post, ApiError } from '../api.js';
import { el } from '../dom.js';
import { t } from '../i18n.js';
import { editDialog, maskedPhone } from '../forms.js';
import { dateInput, normalDate } from '../dates.js';
import { choiceField, departmentField, rowsPage, textField } from '../rows_page.js';

const RANKS = [['head', 'rank.head'], ['deputy', 'rank.deputy'], ['chief', 'rank.chief']];

// The new PIN in its own dialog, this once; closing it forgets it.
function showOnce(answer) {
  const dialog = el('dialog', { class: 'card', id: 'pin-shown' },
    el('h2', {}, t('console.officials.pin_shown_title', { name: answer.name })),
    el('p', { class: 'pin-digits', id: 'pin-shown-digits' }, answer.pin),
    el('p', { class: 'muted' }, t('console.officials.pin_shown_hint')),
    el('div', { class: 'buttons' }, el('button', { class: 'primary', id: 'pin-shown-close', onclick: () => {
      dialog.close();
      dialog.remove();
    } }, t('console.officials.pin_shown_close'))));
  document.body.append(dialog);
  dialog.showModal();
}

// A PIN typed (6 to 8 digits), or none for six digits HQ draws.
function pinDialog(o, { draw, message }) {
  const typed = el('input', { id: 'official-pin', inputmode: 'numeric', maxlength: 8, autocomplete: 'off',
    pattern: '\\d{6,8}', type: 'password' });
  editDialog('pin-dialog', t('console.officials.pin_title', { name: o.name }),
    [[t('console.officials.pin_new'), typed, t('console.officials.pin_hint')]], {
      save: async () => {
        const answer = await post(`/v1/console/officials/${encodeURIComponent(o.id)}/pin`,
          typed.value ? { pin: typed.value } : {});
        typed.value = '';
        await draw();
        message.say(t('console.officials.pin_done', { name: answer.name }), true);
        showOnce(answer);
      },
    });
}

export default rowsPage({
  id: 'officials',
  title: 'console.nav.officials',
  table: 'officials',
  heading: ['console.officials.col.name', 'console.officials.col.title', 'console.officials.col.rank',
    'console.cases.col.department', 'console.officials.col.phone', 'console.officials.col.pin',
    'console.officials.col.added_on'],
  cells: (o) => [o.name, o.title, el('td', { class: 'nowrap' }, t(`rank.${o.rank}`)), el('td', { class: 'nowrap' }, o.department),
    el('td', { class: 'nowrap mono' }, maskedPhone(o.phone)),
    o.pin_locked ? el('td', { class: 'warn nowrap', id: `official-locked-${o.id}` }, t('console.officials.pin_locked'))
      : el('td', { class: o.has_pin ? null : 'warn' }, t(o.has_pin ? 'console.officials.pin_set' : 'console.officials.pin_none')),
    el('td', { class: 'nowrap' }, o.added_on || '—')],
  name: (o) => o.name,
  words: { add: 'console.officials.add', edit_title: 'console.officials.edit_title', saved: 'console.officials.saved',
    deleted: 'console.officials.deleted', empty: 'console.officials.empty' },
  fields: (o, ctx) => {
    const phone = el('input', { id: 'field-phone', maxlength: 30, autocomplete: 'off',
      placeholder: o && o.phone ? maskedPhone(o.phone) : '' });
    const added = dateInput('field-added_on', o ? o.added_on || '' : '');
    return [
      textField('name', t('console.officials.col.name'), o, { max: 30, required: true }),
      textField('title', t('console.officials.col.title'), o, { max: 40, required: true }),
      choiceField('rank', t('console.officials.col.rank'), o, RANKS),
      departmentField(o, ctx),
      // A stored phone is never sent back in full: left empty, it stays as it is.
      { key: 'phone', label: t('console.officials.col.phone'), input: phone,
        hint: o && o.phone ? t('console.officials.phone_keep') : null,
        value: () => (phone.value.trim() || !o ? phone.value.trim() : undefined) },
      { key: 'added_on', label: t('console.officials.col.added_on'), input: added, hint: t('console.officials.added_hint'),
        value: () => normalDate(added.value) || undefined },
    ];
  },
  actions: (o, ctx) => [el('button', { class: 'small', id: `official-pin-${o.id}`, onclick: () => pinDialog(o, ctx) },
    t('console.officials.set_pin')),
  // Wrong PINs at the kiosks locked it: lifted on every kiosk at its next pull, the PIN stays as it is.
  o.pin_locked ? el('button', { class: 'small', id: `official-unlock-${o.id}`, onclick: async () => {
    try {
      await post(`/v1/console/officials/${encodeURIComponent(o.id)}/pin-unlock`);
      await ctx.draw();
      ctx.message.say(t('console.officials.unlocked', { name: o.name }), true);
    } catch (e) {
      ctx.message.say(e instanceof ApiError ? e.message : String(e), false);
    }
  } }, t('console.officials.unlock')) : null],
  upload: { title: 'console.officials.upload_title', hint: 'console.officials.upload_hint',
    target: () => '/v1/console/officials/import' },
});
