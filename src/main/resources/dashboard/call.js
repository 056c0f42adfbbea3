// One call: its record and its transcript as a conversation, kept live from /ws/events?callId=.
// Entries come from the API and from the events alike; seq orders and de-duplicates them.
import { api, ApiFailure } from './api.js';
import { el, setText, clock, localTime } from './dom.js';
import { EventStream } from './events.js';

const SPEAKERS = { caller: 'Caller', agent: 'Agent', system: 'System', a: 'Party A', b: 'Party B' };

function entryNode(entry) {
  const speaker = entry.speaker || 'system';
  const kind = entry.kind || 'event';
  const label = kind === 'dtmf' ? SPEAKERS[speaker] + ' pressed' : kind === 'tool' ? 'Tool' : SPEAKERS[speaker] || speaker;
  const meta = el('div', { class: 'meta' },
    el('span', { class: 'who' }, label),
    entry.startMs !== null && entry.startMs !== undefined ? el('span', { class: 'at' }, clock(entry.startMs)) : null,
    entry.language ? el('span', { class: 'lang' }, entry.language) : null,
    entry.interrupted ? el('span', { class: 'interrupted', title: 'Cut short by barge-in: the text is what was heard' }, 'interrupted') : null);
  let body;
  if (entry.translation !== null && entry.translation !== undefined) {
    body = el('div', { class: 'pair' },
      el('div', { class: 'original' }, el('span', { class: 'caption' }, 'said'), el('p', { class: 'text' }, entry.text)),
      el('div', { class: 'translation' }, el('span', { class: 'caption' }, 'heard'), el('p', { class: 'text' }, entry.translation)));
  } else {
    body = el('p', { class: 'text' }, entry.text);
  }
  return el('li', {
    class: ['entry', 'speaker-' + speaker, 'kind-' + kind, entry.interrupted ? 'is-interrupted' : ''].join(' ').trim(),
    dataset: { seq: entry.seq },
  }, meta, body);
}

export function callPage(main, callId, setConnection) {
  const entries = new Map(); // seq → entry
  const nodes = new Map();   // seq → li
  let call = null;
  let frame = 0;

  const title = el('h1', {}, 'Call ', el('span', { id: 'call-id', class: 'mono' }, callId));
  const status = el('span', { id: 'call-status', class: 'status' });
  const facts = el('dl', { class: 'facts', id: 'call-facts' });
  const metadata = el('dl', { class: 'facts', id: 'call-metadata' });
  const list = el('ol', { class: 'transcript', id: 'transcript', 'aria-live': 'polite' });
  const empty = el('p', { class: 'empty', id: 'transcript-empty' }, 'Nothing said yet.');
  const problem = el('p', { class: 'error', role: 'alert', hidden: true });
  main.replaceChildren(el('section', { class: 'view call' },
    el('p', {}, el('a', { href: '/', 'data-nav': true }, '← Live calls')),
    title, el('p', {}, status), problem, facts,
    el('h2', {}, 'Transcript'), empty, list,
    el('h2', {}, 'Metadata'), metadata));

  function fact(dl, name, value) {
    if (value === null || value === undefined || value === '') return;
    dl.append(el('dt', {}, name), el('dd', {}, value));
  }

  function paint() {
    frame = 0;
    if (call) {
      setText(status, call.status);
      status.dataset.status = call.status;
      facts.replaceChildren();
      fact(facts, 'Provider', call.provider);
      fact(facts, 'Direction', call.direction);
      fact(facts, 'From', call.from);
      fact(facts, 'To', call.to);
      fact(facts, 'Agent', call.agent);
      fact(facts, 'Language', call.language);
      fact(facts, 'Created', localTime(call.createdAt));
      fact(facts, 'Answered', localTime(call.answeredAt));
      fact(facts, 'Ended', localTime(call.endedAt));
      fact(facts, 'End reason', call.endReason);
      if (call.durationMs !== null && call.durationMs !== undefined) fact(facts, 'Duration', clock(call.durationMs));
      metadata.replaceChildren();
      for (const [k, v] of Object.entries(call.metadata || {})) fact(metadata, k, v);
      if (!metadata.firstChild) metadata.append(el('dd', { class: 'empty' }, 'none'));
    }
    // New entries go in seq order; existing ones are left alone.
    const seqs = [...entries.keys()].sort((a, b) => a - b);
    let previous = null;
    for (const seq of seqs) {
      let node = nodes.get(seq);
      if (!node) {
        node = entryNode(entries.get(seq));
        nodes.set(seq, node);
        list.insertBefore(node, previous ? previous.nextSibling : list.firstChild);
      }
      previous = node;
    }
    empty.hidden = entries.size > 0;
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(paint);
  }

  function addEntry(entry) {
    if (!entry || typeof entry.seq !== 'number' || entries.has(entry.seq)) return;
    entries.set(entry.seq, entry);
    schedule();
  }

  function setCall(record) {
    const order = ['queued', 'ringing', 'in-progress'];
    const rank = s => (order.includes(s) ? order.indexOf(s) : order.length);
    if (call && rank(call.status) > rank(record.status)) return;
    call = record;
    schedule();
  }

  async function catchUp() {
    try {
      const [record, transcript] = await Promise.all([
        api('/api/calls/' + encodeURIComponent(callId)),
        api('/api/calls/' + encodeURIComponent(callId) + '/transcript')]);
      setCall(record);
      transcript.entries.forEach(addEntry);
      problem.hidden = true;
    } catch (e) {
      problem.textContent = e instanceof ApiFailure && e.status === 404 ? 'There is no call ' + callId + '.' : 'Could not read the call: ' + e.message;
      problem.hidden = false;
    }
  }

  const stream = new EventStream({
    callId,
    onEvent: event => {
      if (event.callId !== callId) return;
      if (event.type === 'transcript') addEntry(event.data);
      else if (event.type === 'call.created' || event.type === 'call.status' || event.type === 'call.ended') setCall(event.data);
    },
    onOpen: catchUp,
    onState: setConnection,
  });
  paint();

  return () => {
    stream.close();
    if (frame) cancelAnimationFrame(frame);
  };
}
