// History: ended calls, read from GET /api/calls under the filters of the page's query string
// (so a filtered History is a link that survives a reload), then kept from the live page's ended
// calls that match them. Painting is the live page's, once per animation frame.
import { api, ApiFailure } from './api.js';
import { el, setText } from './dom.js';

const PAGE = 25;
// The API's words for ended calls; History never shows a live one.
const ENDED = ['completed', 'failed', 'busy', 'no-answer', 'canceled', 'rejected'];
const PROVIDERS = ['twilio', 'asterisk'];
const AGENTS = ['echo', 'realtime', 'pipeline', 'interpreter'];
const FIELDS = ['status', 'provider', 'agent', 'since', 'until', 'number', 'q'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NO_SEARCH = 'Searching transcripts needs the PostgreSQL store (DATABASE_URL=postgresql://…); the embedded store has no text index.';

/** The filters a query string names, blank ones left out. */
export function filtersOf(search) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const f of FIELDS) {
    const v = (params.get(f) || '').trim();
    if (v) filters[f] = v;
  }
  return filters;
}

function queryOf(filters) {
  const params = new URLSearchParams();
  for (const f of FIELDS) if (filters[f]) params.set(f, filters[f]);
  return params.toString();
}

/** A since/until value as the API reads it: a date is that day's start in UTC (the next day's for until). */
function instant(value, endOfDay) {
  if (!DAY.test(value)) return Date.parse(value);
  const start = Date.parse(value + 'T00:00:00Z');
  return endOfDay ? start + 86400000 : start;
}

/** The API's filters, on a record the page already has (q aside: transcripts are not here). */
function matches(call, f) {
  if (f.status && call.status !== f.status) return false;
  if (f.provider && call.provider !== f.provider) return false;
  if (f.agent && call.agent !== f.agent) return false;
  const created = Date.parse(call.createdAt);
  if (f.since && !(created >= instant(f.since, false))) return false;
  if (f.until && !(created < instant(f.until, true))) return false;
  if (f.number && !(String(call.from || '').includes(f.number) || String(call.to || '').includes(f.number))) return false;
  return true;
}

function choice(name, label, values, current) {
  const options = current && !values.includes(current) ? [...values, current] : values;
  return el('label', {}, label,
    el('select', { name, id: 'filter-' + name },
      el('option', { value: '' }, 'any'),
      ...options.map(v => el('option', { value: v, selected: v === current }, v))));
}

function field(name, label, type, current, extra = {}) {
  return el('label', {}, label, el('input', Object.assign({ name, id: 'filter-' + name, type, value: current || '' }, extra)));
}

/**
 * @param table    the CallTable History paints into
 * @param schedule asks the live page for a repaint
 * @param report   shows a problem (null clears it)
 */
export function createHistory(table, schedule, report) {
  const calls = new Map(); // id → record
  let filters = filtersOf(location.search);
  let next = undefined;    // the cursor: undefined before the first page, null after the last
  let reading = 0;         // which read is current: an answer to an older one is dropped

  const more = el('button', { type: 'button', id: 'history-more', hidden: true }, 'Older calls');
  const searchNote = el('p', { id: 'history-search-note', class: 'note', hidden: true }, NO_SEARCH);
  const form = el('form', { id: 'history-filters', class: 'filters', role: 'search', 'aria-label': 'History filters' });
  const clear = el('button', { type: 'button', id: 'history-clear' }, 'Clear');

  function fillForm() {
    const f = filters;
    form.replaceChildren(
      choice('status', 'Status', ENDED, f.status),
      choice('provider', 'Provider', PROVIDERS, f.provider),
      choice('agent', 'Agent', AGENTS, f.agent),
      field('since', 'Since (UTC)', 'date', DAY.test(f.since || '') ? f.since : ''),
      field('until', 'Until (UTC)', 'date', DAY.test(f.until || '') ? f.until : ''),
      field('number', 'Number', 'search', f.number, { inputmode: 'tel', pattern: '\\+?[0-9]+', placeholder: '+1555…', size: 12 }),
      field('q', 'Words said', 'search', f.q, { placeholder: 'in transcripts', size: 16 }),
      el('button', { type: 'submit', id: 'history-apply' }, 'Apply'), clear);
  }
  fillForm();

  /** What the API said about search: the box is disabled, with the reason beside it, where the store cannot. */
  function searchable(yes) {
    const box = form.elements.q;
    box.disabled = !yes;
    box.title = yes ? '' : NO_SEARCH;
    searchNote.hidden = yes;
  }

  function take(page) {
    page.calls.filter(c => ENDED.includes(c.status)).forEach(c => calls.set(c.id, c));
    if (typeof page.transcriptSearch === 'boolean') searchable(page.transcriptSearch);
  }

  function failed(e) {
    if (e instanceof ApiFailure && e.code === 'search_unsupported') searchable(false);
    report('Could not read History: ' + e.message);
  }

  function path(cursor) {
    const q = queryOf(filters);
    return '/api/calls?limit=' + PAGE + (q ? '&' + q : '') + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
  }

  /** The newest page: calls that began and ended while the socket was down are there. Its cursor is kept the first time only. */
  async function newest() {
    const mine = reading;
    try {
      const page = await api(path(null));
      if (mine !== reading) return;
      take(page);
      if (next === undefined) next = page.next;
      schedule();
    } catch (e) {
      if (mine === reading) failed(e);
    }
  }

  async function older() {
    if (!next) return;
    const mine = reading;
    try {
      const page = await api(path(next));
      if (mine !== reading) return;
      take(page);
      next = page.next;
      schedule();
    } catch (e) {
      if (mine === reading) failed(e);
    }
  }

  /** New filters: into the address (a link to this view), then History read again from its first page. */
  function apply(wanted) {
    filters = wanted;
    const q = queryOf(filters);
    const url = location.pathname + (q ? '?' + q : '');
    if (url !== location.pathname + location.search) history.pushState(null, '', url);
    reading++;
    calls.clear();
    next = undefined;
    report(null);
    schedule();
    return newest();
  }

  form.addEventListener('submit', e => {
    e.preventDefault();
    const wanted = {};
    for (const f of FIELDS) {
      const input = form.elements[f];
      const v = input && !input.disabled ? input.value.trim() : '';
      if (v) wanted[f] = v;
    }
    // A since/until the form cannot show (an instant from a pasted link) stays unless replaced.
    for (const f of ['since', 'until']) if (!wanted[f] && filters[f] && !DAY.test(filters[f])) wanted[f] = filters[f];
    apply(wanted);
  });
  clear.addEventListener('click', () => {
    filters = {};
    fillForm();
    apply({});
  });
  more.addEventListener('click', older);

  const section = el('section', { class: 'view', 'aria-labelledby': 'history-title' },
    el('h2', { id: 'history-title' }, 'History'), form, searchNote,
    el('div', { class: 'scroll' }, table.table), table.empty, more);

  return {
    section,
    newest,
    get: id => calls.get(id),
    /**
     * An ended call from the live page: in if it matches the filters. Under a transcript search it
     * only updates a row already shown: the page has no transcript to match the words against, and
     * the call's words are written to the store with it, so the next read finds it if it matches.
     */
    offer(call) {
      if (filters.q) {
        if (calls.has(call.id)) calls.set(call.id, call);
      } else if (matches(call, filters)) {
        calls.set(call.id, call);
      } else {
        calls.delete(call.id);
      }
    },
    paint(now, order) {
      table.render([...calls.values()].sort(order), now);
      setText(table.empty, Object.keys(filters).length ? 'No ended calls match these filters.' : 'No ended calls yet.');
      more.hidden = !next;
    },
  };
}
