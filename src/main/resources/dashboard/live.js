// The live calls table and History, kept from /ws/events; the API is read at start and after
// each reconnect to catch up. Repaints are coalesced to one per animation frame, and at most ten a second.
import { api } from './api.js';
import { el, setText, clock, localTime } from './dom.js';
import { EventStream } from './events.js';
import { createHistory } from './history.js';

const ACTIVE = ['queued', 'ringing', 'in-progress'];
const COLUMNS = ['Status', 'Provider', 'Direction', 'From', 'To', 'Agent', 'Language', 'Duration'];
const PAINT_EVERY_MS = 100;

/** Status only moves forward (the API's rule), so of two views of a call the further one wins. */
function rank(status) {
  const i = ACTIVE.indexOf(status);
  return i >= 0 ? i : ACTIVE.length;
}

function isActive(call) {
  return ACTIVE.includes(call.status);
}

/** Running time: since the answer, or since creation while it rings; fixed once ended. */
function duration(call, now) {
  if (call.durationMs !== null && call.durationMs !== undefined && !isActive(call)) return call.durationMs;
  const from = Date.parse(call.answeredAt || call.createdAt);
  if (isNaN(from)) return null;
  const to = call.endedAt ? Date.parse(call.endedAt) : now;
  return Math.max(0, to - from);
}

class CallTable {
  constructor(id, caption, empty) {
    this.rows = new Map(); // id → {tr, cells}
    this.body = el('tbody');
    this.empty = el('p', { class: 'empty' }, empty);
    this.table = el('table', { id, class: 'calls' },
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', class: 'col-call' }, 'Call'),
        ...COLUMNS.map(c => el('th', { scope: 'col', class: 'col-' + c.toLowerCase() }, c)))),
      this.body);
  }

  /** Updates or adds the row of each call, in the given order; removes rows not listed. */
  render(calls, now) {
    const keep = new Set();
    let previous = null;
    for (const call of calls) {
      keep.add(call.id);
      let row = this.rows.get(call.id);
      if (!row) row = this.newRow(call.id);
      this.fill(row, call, now);
      const expected = previous ? previous.nextSibling : this.body.firstChild;
      if (expected !== row.tr) this.body.insertBefore(row.tr, expected);
      previous = row.tr;
    }
    for (const [id, row] of this.rows) {
      if (!keep.has(id)) { row.tr.remove(); this.rows.delete(id); }
    }
    this.empty.hidden = this.rows.size > 0;
  }

  newRow(id) {
    const link = el('a', { href: '/calls/' + encodeURIComponent(id), 'data-nav': true }, id);
    const cells = COLUMNS.map(c => el('td', { 'data-label': c, class: 'col-' + c.toLowerCase() }));
    const tr = el('tr', { dataset: { callId: id } }, el('td', { 'data-label': 'Call', class: 'col-call' }, link), ...cells);
    const row = { tr, cells };
    this.rows.set(id, row);
    return row;
  }

  fill(row, call, now) {
    const [status, provider, direction, from, to, agent, language, time] = row.cells;
    setText(status, call.status);
    if (status.dataset.status !== call.status) status.dataset.status = call.status;
    setText(provider, call.provider);
    setText(direction, call.direction);
    setText(from, call.from);
    setText(to, call.to);
    setText(agent, call.agent);
    setText(language, call.language);
    setText(time, clock(duration(call, now)));
    if (!isActive(call)) time.title = localTime(call.endedAt);
  }

  tick(calls, now) {
    for (const call of calls) {
      const row = this.rows.get(call.id);
      if (row) setText(row.cells[7], clock(duration(call, now)));
    }
  }
}

export function livePage(main, setConnection) {
  const live = new Map();    // id → record, active calls
  const ended = new Set();   // ids seen ended, History's or not: a late live view of one must not bring it back
  let frame = 0;
  let timer = 0;
  let lastPaint = -Infinity;

  const liveTable = new CallTable('live-calls', 'Live calls', 'No calls right now.');
  const problem = el('p', { class: 'error', role: 'alert', hidden: true });
  const report = text => {
    problem.textContent = text || '';
    problem.hidden = !text;
  };
  const history = createHistory(new CallTable('history', 'History', 'No ended calls yet.'), schedule, report);
  main.replaceChildren(
    el('section', { class: 'view', 'aria-labelledby': 'live-title' },
      el('h1', { id: 'live-title' }, 'Live calls ', el('span', { id: 'live-count', class: 'count' })),
      problem, el('div', { class: 'scroll' }, liveTable.table), liveTable.empty),
    history.section);

  const newestFirst = (a, b) => (b.createdAt || '').localeCompare(a.createdAt || '');
  const endedFirst = (a, b) => (b.endedAt || b.createdAt || '').localeCompare(a.endedAt || a.createdAt || '');

  function paint() {
    frame = 0;
    lastPaint = performance.now();
    const now = Date.now();
    liveTable.render([...live.values()].sort(newestFirst), now);
    history.paint(now, endedFirst);
    setText(document.getElementById('live-count'), live.size ? '(' + live.size + ')' : '');
  }

  /**
   * The next repaint, in an animation frame, and at least PAINT_EVERY_MS after the last: a lone
   * event shows at once, a burst (hundreds of calls starting together) costs ten repaints a second
   * instead of sixty, each of a table the browser must lay out and paint again.
   */
  function schedule() {
    if (frame || timer) return;
    const wait = lastPaint + PAINT_EVERY_MS - performance.now();
    if (wait <= 0) frame = requestAnimationFrame(paint);
    else timer = setTimeout(() => { timer = 0; frame = requestAnimationFrame(paint); }, wait);
  }

  /** Takes in one view of a call, from an event or the API. */
  function merge(call) {
    if (!call || !call.id || !call.status) return;
    const known = live.get(call.id) || history.get(call.id);
    if (known && rank(known.status) > rank(call.status)) return;
    if (ended.has(call.id) && isActive(call)) return;
    if (isActive(call)) {
      live.set(call.id, call);
    } else {
      live.delete(call.id);
      ended.add(call.id);
      history.offer(call);
    }
    schedule();
  }

  async function activeNow() {
    const calls = [];
    for (const status of ACTIVE) {
      let cursor = null;
      do {
        const q = '/api/calls?limit=500&status=' + status + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
        const page = await api(q);
        calls.push(...page.calls);
        cursor = page.next;
      } while (cursor);
    }
    return calls;
  }

  /** After each connect: what is live now; what we thought live and is not has ended, so read it again. */
  async function catchUp() {
    try {
      const calls = await activeNow();
      const seen = new Set(calls.map(c => c.id));
      calls.forEach(merge);
      const gone = [...live.keys()].filter(id => !seen.has(id));
      for (const id of gone) merge(await api('/api/calls/' + encodeURIComponent(id)));
      report(null);
      await history.newest();
    } catch (e) {
      report('Could not read the calls: ' + e.message);
    }
  }

  const stream = new EventStream({
    onEvent: event => {
      if (event.type === 'call.created' || event.type === 'call.status' || event.type === 'call.ended') merge(event.data);
    },
    onOpen: catchUp,
    onState: setConnection,
  });
  const ticker = setInterval(() => liveTable.tick(live.values(), Date.now()), 1000);
  paint();

  return () => {
    stream.close();
    clearInterval(ticker);
    if (frame) cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
