// The sign-in page: login and password; says how many tries are left, that a login is locked (and until when),
// disabled, or that the session ended.
import { post, ApiError } from '../api.js';
import { el, fill } from '../dom.js';
import { t, setLanguage, otherLanguage } from '../i18n.js';

export default {
  id: 'login',
  title: 'console.login.title',
  roles: [],
  async render(root, { params, signedIn, navigate }) {
    const message = el('p', { class: 'message', id: 'login-message', role: 'alert' },
      params.get('expired') ? t('console.login.expired') : '');
    const login = el('input', { id: 'login-name', name: 'login', autocomplete: 'username', required: true,
      maxlength: 64, autofocus: true });
    const password = el('input', { id: 'login-password', name: 'password', type: 'password',
      autocomplete: 'current-password', required: true, maxlength: 128 });
    const submit = el('button', { type: 'submit', class: 'primary wide', id: 'login-submit' }, t('console.login.submit'));
    const form = el('form', { class: 'login-card', id: 'login-form', novalidate: true },
      el('div', { class: 'login-brand' }, el('span', { class: 'emblem', 'aria-hidden': 'true' }, '政'),
        el('div', {}, el('h1', {}, t('console.title')), el('p', { class: 'muted' }, t('console.login.subtitle')))),
      el('label', { for: 'login-name' }, t('console.login.name')), login,
      el('label', { for: 'login-password' }, t('console.login.password')), password,
      message, submit,
      el('div', { class: 'login-foot' },
        el('button', { type: 'button', class: 'link', id: 'lang-toggle', onclick: async () => {
          await setLanguage(otherLanguage());
          this.render(root, { params, signedIn, navigate });
        } }, t('console.language.other'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!login.value || !password.value) {
        message.className = 'message error';
        message.textContent = t('console.login.missing');
        return;
      }
      submit.disabled = true;
      try {
        const answer = await post('/v1/console/login', { login: login.value, password: password.value });
        signedIn(answer);
        navigate(params.get('next') || 'home');
      } catch (e) {
        password.value = '';
        message.className = 'message error';
        message.textContent = loginFailure(e);
        password.focus();
      } finally {
        submit.disabled = false;
      }
    });
    fill(root, form);
    login.focus();
  },
};

function loginFailure(e) {
  if (!(e instanceof ApiError)) return String(e);
  const b = e.body;
  if (b.reason === 'locked') return t('console.login.locked', { time: b.locked_until_local, minutes: 15 });
  if (b.reason === 'disabled') return t('console.login.disabled');
  if (b.reason === 'wrong')
    return b.failures_left ? t('console.login.wrong_left', { n: b.failures_left }) : t('console.login.wrong');
  if (e.status === 0) return t('console.error.network');
  return e.message;
}
