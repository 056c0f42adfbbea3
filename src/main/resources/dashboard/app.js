// The dashboard's entry: asks for the API token if the gateway wants one, then shows the page the
// path names, and keeps in-app links from reloading the page.
import { api, Unauthorized } from './api.js';
import { askForToken, forgetToken, token } from './token.js';
import { livePage } from './live.js';
import { callPage } from './call.js';
import { newCallPage } from './newcall.js';
import { systemPage } from './system.js';

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
  } else if (location.pathname === '/new-call') {
    document.title = 'Place a call · callbridge';
    setConnection('');
    leave = newCallPage(main, navigate);
  } else if (location.pathname === '/system') {
    document.title = 'System · callbridge';
    leave = systemPage(main, setConnection);
  } else {
    document.title = 'Live calls · callbridge';
    leave = livePage(main, setConnection);
  }
  for (const a of document.querySelectorAll('header nav a')) {
    if (new URL(a.href).pathname === location.pathname) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** Shows another page of the app (a path, with its query if any) without a reload, as an in-app link does. */
function navigate(path) {
  if (path !== location.pathname + location.search) history.pushState(null, '', path);
  route();
}

document.addEventListener('click', e => {
  const a = e.target.closest('a[data-nav]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const url = new URL(a.href);
  if (url.origin !== location.origin) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', route);

admitted().then(route, e => {
  main.textContent = 'The API could not be reached: ' + e.message;
});
