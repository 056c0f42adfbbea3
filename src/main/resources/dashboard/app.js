// The dashboard's entry: asks for the API token if the gateway wants one, then shows the page the
// path names, and keeps in-app links from reloading the page.
import { api, Unauthorized } from './api.js';
import { askForToken, forgetToken, token } from './token.js';
import { livePage } from './live.js';
import { callPage } from './call.js';

const main = document.getElementById('main');
const connection = document.getElementById('connection');
let leave = () => {};

function setConnection(text) {
  connection.textContent = text;
  connection.dataset.state = text === 'live' ? 'live' : 'down';
}

/** One cheap read: does the API let us in as we are? Asks for the token until it does. */
async function admitted() {
  let wrong = false;
  for (;;) {
    try {
      await api('/api/calls?limit=1');
      return;
    } catch (e) {
      if (!(e instanceof Unauthorized)) throw e;
      if (token()) { forgetToken(); wrong = true; }
      await askForToken(main, wrong);
    }
  }
}

function route() {
  leave();
  const m = location.pathname.match(/^\/calls\/([^/]+)$/);
  if (m) {
    const id = decodeURIComponent(m[1]);
    document.title = 'Call ' + id + ' · callbridge';
    leave = callPage(main, id, setConnection);
  } else {
    document.title = 'Live calls · callbridge';
    leave = livePage(main, setConnection);
  }
}

document.addEventListener('click', e => {
  const a = e.target.closest('a[data-nav]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const url = new URL(a.href);
  if (url.origin !== location.origin) return;
  e.preventDefault();
  if (url.pathname + url.search !== location.pathname + location.search) history.pushState(null, '', url.pathname + url.search);
  route();
});
window.addEventListener('popstate', route);

admitted().then(route, e => {
  main.textContent = 'The API could not be reached: ' + e.message;
});
