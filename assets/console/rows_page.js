// A page of one of HQ's row tables (人员与PIN, 事项清单, 窗口: GET/POST/PUT/DELETE /v1/console/{table}): the
// department picker, the rows as a table, one added or edited in a dialog (and deleted from it), more buttons per
// row, and the table's upload. Each page module gives only its columns, fields and words.
import { get, post, put, del, query } from './api.js';
import { el, fill } from './dom.js';
import { t } from './i18n.js';
import { departments, grid, messageLine } from './cases.js';
import { departmentBar, departmentSelect, editDialog, mayChange, uploadCard } from './forms.js';

// spec: {id, title (nav key), table, heading: [header keys], cells(row) → [cells], fields(row, ctx) → [{label,
// input, hint, value()}] (a value() of undefined is left out of the body), name(row) for the messages, words:
// {add, edit_title, saved, deleted, empty}, bureauOnly (hall-wide: only the bureau changes it), actions(row, ctx)
// → more buttons, upload: {title, hint, target(department)} or null}.
export function rowsPage(spec) {
  return {
    id: spec.id,
    title: spec.title,
    roles: ['admin', 'liaison', 'viewer'],
    async render(root, { params, user, navigate }) {
      fill(root, el('p', { class: 'muted' }, t('console.loading')));
      const depts = await departments();
      const bar = departmentBar(spec.id, params, depts, navigate, true);
      const message = messageLine(`${spec.id}-message`);
      const section = el('section', { class: 'card', id: `${spec.id}-list` });
      const own = bar.department || (depts.length === 1 ? depts[0].id : '');
      const canAdd = spec.bureauOnly ? user.role === 'admin' : user.role === 'admin' || mayChange(user, depts, own);
      const ctx = { user, depts, department: bar.department, message };

      const draw = async () => {
        const { rows } = await get(`/v1/console/${spec.table}${query({ department: bar.department })}`);
        // One department chosen: its name is in the picker, not on every row.
        const skip = bar.department ? spec.heading.indexOf('console.cases.col.department') : -1;
        const keep = (_, i) => i !== skip;
        fill(section, grid([`${spec.id}-table`, `${spec.id}-empty`], [...spec.heading.filter(keep), 'console.form.col.actions'],
          rows.map((row) => {
            const mine = spec.bureauOnly ? user.role === 'admin' : mayChange(user, depts, row.department_id);
            return el('tr', { 'data-id': row.id }, spec.cells(row, ctx).filter(keep)
              .map((c) => (c instanceof Node ? c : el('td', {}, c))),
              el('td', { class: 'actions' }, mine ? [
                el('button', { class: 'small', id: `${spec.id}-edit-${row.id}`, onclick: () => edit(row) }, t('console.form.edit')),
                spec.actions ? spec.actions(row, { ...ctx, draw }) : null] : null));
          }), spec.words.empty));
      };

      const edit = (row) => {
        const fields = spec.fields(row, ctx);
        editDialog(`${spec.id}-dialog`, row ? t(spec.words.edit_title, { name: spec.name(row) }) : t(spec.words.add),
          fields.map((f) => [f.label, f.input, f.hint]), {
            save: async () => {
              const body = {};
              for (const f of fields) {
                const v = f.value();
                if (v !== undefined) body[f.key] = v;
              }
              const saved = row ? await put(`/v1/console/${spec.table}/${encodeURIComponent(row.id)}`, body)
                : await post(`/v1/console/${spec.table}`, body);
              await draw();
              message.say(t(spec.words.saved, { name: spec.name(saved) }), true);
            },
            remove: row ? async () => {
              await del(`/v1/console/${spec.table}/${encodeURIComponent(row.id)}`);
              await draw();
              message.say(t(spec.words.deleted, { name: spec.name(row) }), true);
            } : null,
          });
      };

      const upload = canAdd && spec.upload ? uploadCard(`${spec.id}-upload`, {
        title: t(spec.upload.title), hint: t(spec.upload.hint), target: () => spec.upload.target(own), done: draw,
        disabled: spec.upload.needsDepartment && !own ? t('console.upload.pick_department') : null }) : null;
      if (canAdd)
        bar.node.append(el('div', { class: 'field buttons end' }, el('button', { class: 'primary', id: `${spec.id}-add`,
          onclick: () => edit(null) }, t(spec.words.add))));
      fill(root, el('h1', {}, t(spec.title)), bar.node, message, section, upload);
      await draw();
    },
  };
}

// A field of a row's dialog: a text input for `key` holding the row's value.
export function textField(key, label, row, { max = 100, required = false, hint = null } = {}) {
  const input = el('input', { id: `field-${key}`, maxlength: max, required, value: row ? row[key] || '' : '' });
  return { key, label, input, hint, value: () => input.value.trim() };
}

// A field choosing one of `options` ([value, words key]…).
export function choiceField(key, label, row, options) {
  const input = el('select', { id: `field-${key}` },
    options.map(([v, k]) => el('option', { value: v, selected: row && row[key] === v }, t(k))));
  return { key, label, input, value: () => input.value };
}

// The department a row belongs to, among those the user may change (a liaison: theirs only).
export function departmentField(row, { user, depts, department }) {
  const input = departmentSelect('field-department', depts.filter((d) => mayChange(user, depts, d.id)),
    row ? row.department_id : department);
  return { key: 'department', label: t('console.cases.col.department'), input, value: () => input.value };
}
