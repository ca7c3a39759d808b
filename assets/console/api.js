// The console's one way to HQ's JSON API (sync/CONSOLE_API.md): same-origin fetch with the session cookie, JSON in
// and out, the session's CSRF token on every change, and a 401 (not signed in, or the session ended) sent to the
// login page.

import { language } from './i18n.js';

let csrfToken = '';
let onUnauthorized = () => {};

// An answer that was not 2xx: its HTTP status and HQ's JSON body ({error, …}).
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

// The session's CSRF token (from login or /v1/console/me).
export function setCsrfToken(token) {
  csrfToken = token || '';
}

// What to do when HQ says 401 (app.js shows the login page).
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

// Calls HQ: api('GET', '/v1/console/users') or api('POST', '/v1/console/users', {login, …}); resolves to the JSON
// body, rejects with ApiError. A File or Blob body (an upload) is sent as it is. HQ words its errors in the console's
// language (Accept-Language).
export async function api(method, path, body) {
  const headers = { Accept: 'application/json', 'Accept-Language': language() };
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken;
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body instanceof Blob) {
    headers['Content-Type'] = 'application/octet-stream';
    init.body = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { error: String(e), reason: 'network' });
  }
  let data = {};
  const type = res.headers.get('Content-Type') || '';
  if (type.startsWith('application/json')) data = await res.json().catch(() => ({}));
  if (res.status === 401 && path !== '/v1/console/login') {
    setCsrfToken('');
    onUnauthorized();
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

// A query string from an object, leaving out empty values: query({actor: 'wang', from: ''}) → "?actor=wang".
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
