// 差评原因: the reason list the kiosks offer after a 差评, as HQ published it (its version, reasons by group, Chinese
// and English); the bureau adds, edits or removes one (each change publishes a new version) or uploads a whole list.
import { get, post, put, del, query } from '../api.js';
import { el, fill } from '../dom.js';
import { t } from '../i18n.js';
import { grid, messageLine } from '../cases.js';
import { editDialog, field, uploadCard } from '../forms.js';

export default {
  id: 'reasons',
  title: 'console.nav.reasons',
  roles: ['admin', 'liaison', 'viewer'],
  async render(root, { user }) {
    fill(root, el('p', { class: 'muted' }, t('console.loading')));
    const canChange = user.role === 'admin';
    const message = messageLine('reasons-message');
    const section = el('section', { class: 'card', id: 'reasons-list' });
    let groups = [];

    const draw = async () => {
      const { list } = await get('/v1/console/reasons');
      groups = list ? list.groups : [];
      const rows = groups.flatMap((g) => g.reasons.map((r) => el('tr', { 'data-id': r.id },
        el('td', {}, g.zh), el('td', {}, r.zh), el('td', {}, r.en),
        el('td', { class: 'actions' }, canChange ? el('button', { class: 'small', id: `reasons-edit-${r.id}`,
          onclick: () => edit(g, r) }, t('console.form.edit')) : null))));
      fill(section,
        el('p', { class: 'muted top', id: 'reasons-version' }, list ? t('console.reasons.version', { version: list.version })
          : t('console.reasons.none')),
        grid(['reasons-table', 'reasons-empty'], ['console.reasons.col.group', 'console.reasons.col.zh',
          'console.reasons.col.en', 'console.form.col.actions'], rows, 'console.reasons.empty'));
    };

    const edit = (g, r) => {
      const group = el('input', { id: 'reason-group', maxlength: 20, required: true, value: g ? g.zh : '',
        list: 'reason-groups' });
      const zh = el('input', { id: 'reason-zh', maxlength: 12, required: true, value: r ? r.zh : '' });
      const en = el('input', { id: 'reason-en', maxlength: 32, value: r ? r.en : '' });
      const dialog = editDialog('reason-dialog', r ? t('console.reasons.edit_title', { name: r.zh }) : t('console.reasons.add'), [
        [t('console.reasons.col.group'), group], [t('console.reasons.col.zh'), zh, t('console.reasons.zh_hint')],
        [t('console.reasons.col.en'), en]], {
        save: async () => {
          const body = { group: group.value.trim(), zh: zh.value.trim(), en: en.value.trim() };
          if (r) await put(`/v1/console/reasons/${encodeURIComponent(r.id)}`, body);
          else await post('/v1/console/reasons', body);
          await draw();
          message.say(t('console.reasons.saved', { name: body.zh }), true);
        },
        remove: r ? async () => {
          await del(`/v1/console/reasons/${encodeURIComponent(r.id)}`);
          await draw();
          message.say(t('console.reasons.deleted', { name: r.zh }), true);
        } : null,
      });
      dialog.append(el('datalist', { id: 'reason-groups' }, groups.map((x) => el('option', { value: x.zh }))));
    };

    const version = el('input', { id: 'reasons-upload-version', maxlength: 40 });
    const upload = canChange ? uploadCard('reasons-upload', {
      title: t('console.reasons.upload_title'), hint: t('console.reasons.upload_hint'),
      target: () => `/v1/console/reasons/import${query({ version: version.value.trim() })}`, done: draw,
      extra: [field(t('console.reasons.version_label'), version)],
    }) : null;
    fill(root, el('h1', {}, t('console.nav.reasons')), message,
      canChange ? el('div', { class: 'toolbar' }, el('button', { class: 'primary', id: 'reasons-add',
        onclick: () => edit(null, null) }, t('console.reasons.add'))) : null,
      section, upload);
    await draw();
  },
};
