// One call's timings (created, answered, ended; ring and talk time) and the agent's stats
// (CallStats on the final record: response latency, barge-ins, tools, per-direction interpreter
// figures) as small labelled grids. Stats arrive with call.ended; until then they say so.
import { el, clock, localTime } from './dom.js';

const DASH = '—';

function ms(value) {
  return value === null || value === undefined ? DASH : value + ' ms';
}

function count(value) {
  return value === null || value === undefined ? DASH : String(value);
}

/** A span of time under a minute with its tenths ("4.2 s"), a longer one as a clock ("1:15"). */
export function span(millis) {
  if (millis === null || millis === undefined || millis < 0) return DASH;
  return millis < 60000 ? (millis / 1000).toFixed(1) + ' s' : clock(millis);
}

function between(from, to) {
  if (!from || !to) return null;
  const d = Date.parse(to) - Date.parse(from);
  return isNaN(d) ? null : Math.max(0, d);
}

/** One labelled figure; the name goes in data-stat so tests and styles can find it. */
function cell(name, label, value) {
  return el('div', { class: 'stat', dataset: { stat: name } },
    el('span', { class: 'stat-label' }, label), el('span', { class: 'stat-value' }, value));
}

export class CallStatsView {
  constructor() {
    this.timings = el('div', { class: 'stats-grid', id: 'call-timings' });
    this.stats = el('div', { class: 'stats-grid', id: 'call-stats' });
    this.interpreter = el('div', { class: 'interpreter-stats', id: 'call-interpreter-stats' });
    this.note = el('p', { class: 'empty', id: 'call-stats-note' });
    this.node = el('section', { class: 'call-stats' },
      el('h2', {}, 'Timings'), this.timings,
      el('h2', {}, 'Stats'), this.note, this.stats, this.interpreter);
    this.last = '';
  }

  /** Repaints from a call record, and only when the figures it shows changed. */
  update(call, now = Date.now()) {
    const live = !call.endedAt;
    const nowIso = new Date(now).toISOString();
    // Ring time: creation to answer; a call still ringing counts up, one never answered rang until it ended.
    const ring = between(call.createdAt, call.answeredAt || (live ? nowIso : call.endedAt));
    // Talk time is the record's durationMs once ended; while live it runs from the answer.
    const talk = call.durationMs !== null && call.durationMs !== undefined ? call.durationMs
      : call.answeredAt && live ? between(call.answeredAt, nowIso) : null;
    const tick = value => (live && value !== null ? Math.floor(value / 1000) : value);
    const key = JSON.stringify([call.createdAt, call.answeredAt, call.endedAt, tick(ring), tick(talk), call.stats]);
    if (key === this.last) return;
    this.last = key;

    this.timings.replaceChildren(
      cell('created', 'Created', localTime(call.createdAt) || DASH),
      cell('answered', 'Answered', localTime(call.answeredAt) || (live ? 'not yet' : 'never')),
      cell('ended', 'Ended', localTime(call.endedAt) || (live ? 'not yet' : DASH)),
      cell('ring', call.answeredAt ? 'Ring time' : live ? 'Ringing for' : 'Rang for', span(ring)),
      cell('talk', 'Talk time', talk === null ? DASH : span(talk)));

    const s = call.stats;
    this.stats.replaceChildren();
    this.interpreter.replaceChildren();
    if (!s) {
      this.note.textContent = live ? 'The agent reports its stats when the call ends.' : 'The agent reported no stats for this call.';
      this.note.hidden = false;
      return;
    }
    this.note.hidden = true;
    if (s.interpreter) {
      this.paintInterpreter(s.interpreter);
      return;
    }
    this.stats.append(
      cell('turns', 'Turns', count(s.turns)),
      cell('response-median', 'Response, median', ms(s.responseMsMedian)),
      cell('response-max', 'Response, slowest', ms(s.responseMsMax)),
      cell('barge-ins', 'Barge-ins', count(s.bargeIns)),
      cell('tool-calls', 'Tool calls', count(s.toolCalls)),
      cell('tool-errors', 'Tool errors', count(s.toolErrors)),
      cell('tool-max', 'Slowest tool', ms(s.toolMsMax)),
      cell('reconnects', 'Upstream reconnects', count(s.upstreamReconnects)),
      cell('rollovers', 'Session rollovers', count(s.sessionRollovers)));
    // The pipeline's engines; null for agents that have none of their own to time.
    const engines = [['stt', 'Speech to text, median', s.sttMsMedian], ['llm', 'Text model, median', s.llmMsMedian],
      ['tts', 'Speech synthesis, median', s.ttsMsMedian], ['overhead', 'Gateway overhead, median', s.overheadMsMedian]];
    for (const [name, label, value] of engines) {
      if (value !== null && value !== undefined) this.stats.append(cell(name, label, ms(value)));
    }
  }

  /** The interpreter answers no turns and calls no tools: its figures are each direction's own. */
  paintInterpreter(interpreter) {
    for (const [key, label] of [['aToB', 'A → B'], ['bToA', 'B → A']]) {
      const d = interpreter[key];
      if (!d) continue;
      this.interpreter.append(el('h3', {}, 'Interpreting ' + label), el('div', { class: 'stats-grid', dataset: { direction: key } },
        cell(key + '-utterances', 'Utterances', count(d.utterances)),
        cell(key + '-first-median', 'First audio, median', ms(d.firstAudioMsMedian)),
        cell(key + '-first-max', 'First audio, slowest', ms(d.firstAudioMsMax)),
        cell(key + '-translate', 'Translation, median', ms(d.translateMsMedian)),
        cell(key + '-interrupted', 'Talked over', count(d.interrupted))));
    }
  }
}
