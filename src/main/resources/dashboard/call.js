// One call: its record and its transcript as a conversation, kept live from /ws/events?callId=.
// Entries come from the API and from the events alike; seq orders and de-duplicates them.
// Timings and stats, the live controls and the recording player are modules of their own.
import { api, ApiFailure } from './api.js';
import { el, setText, clock } from './dom.js';
import { EventStream } from './events.js';
import { CallStatsView } from './callstats.js';
import { CallControls } from './callcontrols.js';
import { RecordingPlayer } from './recording.js';

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
  // An entry with a time can be clicked to play the recording from there (see recording.js).
  const timed = typeof entry.startMs === 'number' && entry.startMs >= 0;
  return el('li', {
    class: ['entry', 'speaker-' + speaker, 'kind-' + kind, entry.interrupted ? 'is-interrupted' : ''].join(' ').trim(),
    dataset: timed ? { seq: entry.seq, startMs: entry.startMs } : { seq: entry.seq },
    tabindex: timed ? 0 : null,
  }, meta, body);
}

export function callPage(main, callId, setConnection) {
  const entries = new Map(); // seq → entry
  const nodes = new Map();   // seq → li
  let call = null;
  let frame = 0;
  const stats = new CallStatsView();
  const controls = new CallControls(callId, record => setCall(record));
  const player = new RecordingPlayer(callId);
  let playerB = null; // party B's file of an interpreted call, once the record names one

  const title = el('h1', {}, 'Call ', el('span', { id: 'call-id', class: 'mono' }, callId));
  const status = el('span', { id: 'call-status', class: 'status' });
  const facts = el('dl', { class: 'facts', id: 'call-facts' });
  const metadata = el('dl', { class: 'facts', id: 'call-metadata' });
  const list = el('ol', { class: 'transcript', id: 'transcript', 'aria-live': 'polite' });
  const empty = el('p', { class: 'empty', id: 'transcript-empty' }, 'Nothing said yet.');
  const problem = el('p', { class: 'error', role: 'alert', hidden: true });
  main.replaceChildren(el('section', { class: 'view call' },
    el('p', {}, el('a', { href: '/', 'data-nav': true }, '← Live calls')),
    title, el('p', {}, status), problem, controls.node, facts, stats.node, player.node,
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
      const languageNode = el('span', { id: 'call-language' }, call.language || '');
      fact(facts, call.interpreter ? 'Language, party A' : 'Language', languageNode);
      if (call.interpreter) {
        fact(facts, 'Party B', call.interpreter.b ? call.interpreter.b.to : null);
        fact(facts, 'Language, party B', el('span', { id: 'call-language-b' }, call.interpreter.languages.b));
      }
      fact(facts, 'End reason', call.endReason);
      fact(facts, 'WhatsApp summary', followUpNode(call.followUp));
      stats.update(call);
      controls.update(call);
      player.update(call);
      if (!playerB && call.recording && call.recording.partyB) {
        playerB = new RecordingPlayer(callId, 'b');
        player.node.after(playerB.node);
      }
      if (playerB) playerB.update(call);
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

  // The summary a completed call is followed up with on WhatsApp: its status, why it failed, what was sent.
  function followUpNode(f) {
    if (!f) return null;
    const why = f.error ? ` (${f.error.code ? f.error.code + ': ' : ''}${f.error.message})` : '';
    return el('span', { id: 'call-follow-up', dataset: { status: f.status } },
      el('span', { class: 'follow-up-status' }, `${f.status} to ${f.to}${why}`),
      f.summary ? el('q', { class: 'follow-up-summary' }, f.summary) : null);
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
    // call.recording comes after call.ended; a later read of the record must not lose it.
    if (call && call.recording && !record.recording) record = Object.assign({}, record, { recording: call.recording });
    // So does call.followup.
    if (call && call.followUp && !record.followUp) record = Object.assign({}, record, { followUp: call.followUp });
    call = record;
    schedule();
  }

  function setRecording(recording) {
    if (!call || !recording) return;
    call = Object.assign({}, call, { recording });
    schedule();
  }

  // Clicking an entry that has a time plays the recording from there.
  player.onSeekable = on => list.classList.toggle('can-seek', on);
  const seekFrom = e => {
    const li = e.target.closest('li[data-start-ms]');
    if (!li || !list.classList.contains('can-seek')) return;
    // Both parties' files share the call's timeline: an entry's moment is the same in each.
    player.seekToCallTime(Number(li.dataset.startMs));
    if (playerB) playerB.seekToCallTime(Number(li.dataset.startMs));
  };
  list.addEventListener('click', seekFrom);
  list.addEventListener('keydown', e => { if (e.key === 'Enter') seekFrom(e); });
  // A live call's talk time runs: its grid is repainted each second (it only changes what moved).
  const ticker = setInterval(() => { if (call && !call.endedAt) stats.update(call); }, 1000);

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
      else if (event.type === 'call.recording') setRecording(event.data.recording);
      else if (event.type === 'call.followup' && call) {
        call = Object.assign({}, call, { followUp: event.data.followUp });
        schedule();
      }
    },
    onOpen: catchUp,
    onState: setConnection,
  });
  paint();

  return () => {
    stream.close();
    if (frame) cancelAnimationFrame(frame);
    clearInterval(ticker);
    controls.close();
    player.close();
    if (playerB) playerB.close();
  };
}
