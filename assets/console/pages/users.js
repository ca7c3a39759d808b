// 用户 (admin): every account with its role, department and state; add one, disable or enable it, set a new
// password. HQ checks the rules (login, password strength, department) and says what is wrong.
import { get, post, ApiError } from '../api.js';
import { el, fill, hallTime } from '../dom.js';
import { t } from '../i18n.js';

const ROLES = ['admin', 'liaison', 'viewer'];

export default {
  id: 'users',
  title: 'console.nav.users',
  roles: ['admin'],
  async render(root, ctx) {
    const data = await get('/v1/console/users');
    const message = el('p', { class: 'message', id: 'users-message', role: 'status' });
    const say = (text, ok) => {
      message.className = `message ${ok ? 'ok' : 'error'}`;
      message.textContent = text;
    };
    const again = async (text) => {
      await this.render(root, ctx);
      const m = root.querySelector('#users-message');
      m.className = 'message ok';
      m.textContent = text;
    };
    const failed = (e) => say(e instanceof ApiError ? e.message : String(e), false);

    const rows = data.users.map((u) => {
      const state = u.disabled ? t('console.users.disabled')
        : u.locked_until ? t('console.users.locked', { time: hallTime(u.locked_until, ctx.offsetMinutes) })
        : t('console.users.active');
      const toggle = el('button', { class: 'small', 'data-login': u.login, id: `toggle-${u.login}`,
        disabled: u.login === ctx.user.login && !u.disabled,
        onclick: async () => {
          try {
            await post(`/v1/console/users/${u.disabled ? 'enable' : 'disable'}`, { login: u.login });
            again(t(u.disabled ? 'console.users.enabled_done' : 'console.users.disabled_done', { login: u.login }));
          } catch (e) { failed(e); }
        } }, t(u.disabled ? 'console.users.enable' : 'console.users.disable'));
      const reset = el('button', { class: 'small', id: `reset-${u.login}`,
        onclick: () => resetDialog(u.login, again, failed) }, t('console.users.reset'));
      return el('tr', { class: u.disabled ? 'dim' : null, 'data-login': u.login },
        el('td', {}, u.login), el('td', {}, u.name || '—'), el('td', {}, t(`console.role.${u.role}`)), el('td', {}, u.department || '—'),
        el('td', { class: u.locked_until ? 'warn' : null }, state),
        el('td', {}, hallTime(u.last_login, ctx.offsetMinutes)),
        el('td', { class: 'actions' }, toggle, reset));
    });

    const login = el('input', { id: 'new-login', maxlength: 64, autocomplete: 'off', required: true });
    const name = el('input', { id: 'new-name', maxlength: 30, autocomplete: 'off', required: true });
    const role = el('select', { id: 'new-role' },
      ROLES.map((r) => el('option', { value: r }, t(`console.role.${r}`))));
    const dept = el('select', { id: 'new-department' },
      el('option', { value: '' }, t('console.users.pick_department')),
      data.departments.map((d) => el('option', { value: d.name }, d.name)));
    const deptField = el('div', { class: 'field', id: 'new-department-field' },
      el('label', { for: 'new-department' }, t('console.users.department')), dept);
    const password = el('input', { id: 'new-password', type: 'password', maxlength: 128, autocomplete: 'new-password' });
    const showDept = () => { deptField.hidden = role.value !== 'liaison'; };
    role.addEventListener('change', showDept);
    role.value = 'liaison';
    showDept();
    const form = el('form', { class: 'card form-grid', id: 'add-user' },
      el('h2', {}, t('console.users.add_title')),
      el('div', { class: 'field' }, el('label', { for: 'new-login' }, t('console.users.login')), login),
      el('div', { class: 'field' }, el('label', { for: 'new-name' }, t('console.users.name')), name),
      el('div', { class: 'field' }, el('label', { for: 'new-role' }, t('console.users.role')), role),
      deptField,
      el('div', { class: 'field' }, el('label', { for: 'new-password' }, t('console.users.password')), password,
        el('small', { class: 'muted' }, t('console.users.password_rule'))),
      el('div', { class: 'field buttons' }, el('button', { type: 'submit', class: 'primary', id: 'add-user-submit' },
        t('console.users.add'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = { login: login.value.trim(), name: name.value.trim(), role: role.value, password: password.value };
      if (role.value === 'liaison') body.department = dept.value;
      try {
        await post('/v1/console/users', body);
        again(t('console.users.added', { login: body.login }));
      } catch (e) {
        password.value = '';
        failed(e);
      }
    });

    fill(root,
      el('h1', {}, t('console.nav.users')),
      message,
      el('section', { class: 'card' },
        el('table', { class: 'grid', id: 'users-table' },
          el('thead', {}, el('tr', {}, ['console.users.col.login', 'console.users.col.name', 'console.users.col.role',
            'console.users.col.department', 'console.users.col.state', 'console.users.col.last_login',
            'console.users.col.actions'].map((k) => el('th', {}, t(k))))),
          el('tbody', {}, rows))),
      form);
  },
};

// Asks for a new password for `login` in a dialog and sets it.
function resetDialog(login, again, failed) {
  const password = el('input', { id: 'reset-password', type: 'password', maxlength: 128, autocomplete: 'new-password' });
  const dialog = el('dialog', { class: 'card', id: 'reset-dialog' });
  const close = () => { dialog.close(); dialog.remove(); };
  const form = el('form', { method: 'dialog' },
    el('h2', {}, t('console.users.reset_title', { login })),
    el('label', { for: 'reset-password' }, t('console.users.password')), password,
    el('small', { class: 'muted' }, t('console.users.password_rule')),
    el('p', { class: 'message', id: 'reset-message', role: 'alert' }),
    el('div', { class: 'buttons' },
      el('button', { type: 'button', onclick: close }, t('console.cancel')),
      el('button', { type: 'submit', class: 'primary', id: 'reset-submit' }, t('console.users.reset_confirm'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await post('/v1/console/users/reset', { login, password: password.value });
      close();
      again(t('console.users.reset_done', { login }));
    } catch (e) {
      password.value = '';
      const m = form.querySelector('#reset-message');
      m.className = 'message error';
      m.textContent = e instanceof ApiError ? e.message : String(e);
      if (!(e instanceof ApiError)) failed(e);
    }
  });
  dialog.append(form);
  document.body.append(dialog);
  dialog.showModal();
  password.focus();
}
