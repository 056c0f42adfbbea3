// The API token, when the gateway has one: asked once, kept for this tab in sessionStorage.
import { el } from './dom.js';

const KEY = 'callbridge.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
}

/** Shows the token form in place of the page; resolves once a token was entered. */
export function askForToken(main, wrong) {
  return new Promise(resolve => {
    const input = el('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'current-password', required: true });
    const form = el('form', { class: 'token-form', id: 'token-form' },
      el('h1', {}, 'API token'),
      el('p', {}, 'This gateway has an API_TOKEN. Enter it to see its calls; it is kept for this tab only.'),
      wrong ? el('p', { class: 'error', role: 'alert' }, 'That token was refused.') : null,
      el('label', { for: 'token' }, 'Token'), input,
      el('button', { type: 'submit' }, 'Open'));
    form.addEventListener('submit', e => {
      e.preventDefault();
      const t = input.value.trim();
      if (!t) return;
      sessionStorage.setItem(KEY, t);
      resolve(t);
    });
    main.replaceChildren(form);
    input.focus();
  });
}
