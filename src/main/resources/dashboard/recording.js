// A call's recording: an <audio> player and a waveform of both channels with a playhead.
//
// The WAV comes from GET /api/calls/{id}/recording. <audio src> cannot send the API's bearer
// token, so it is fetched with it into a Blob and played from an object URL (the CSP allows
// media-src blob:); the URL is revoked when the page is left. A 409 means the file is still being
// written (the call is live, or has just ended): the player says so and asks again when the call
// ends, when call.recording says it is ready, or after a few seconds.
//
// An interpreted call has a second file, party B's (?party=b), laid out like A's: a second player
// for it is made once the record names it (recording.partyB), never probed for.
//
// Time: the file's first sample is the call timeline's zero, the same zero as the transcript's
// startMs (README, "Recording": an entry's startMs is startMs × rate / 1000 samples into the
// file, for either party's file), so an entry plays from audio.currentTime = startMs / 1000.
import { el } from './dom.js';
import { token } from './token.js';

const RETRY_MS = 3000;
const RESIZE_DEBOUNCE_MS = 150;
const LANE_CSS_HEIGHT = 56;

export class RecordingPlayer {
  /** party: 'a', the call's own file (every call), or 'b', an interpreted call's second party's. */
  constructor(callId, party = 'a') {
    this.party = party;
    const suffix = party === 'b' ? '-b' : '';
    this.url = '/api/calls/' + encodeURIComponent(callId) + '/recording' + (party === 'b' ? '?party=b' : '');
    this.state = 'idle'; // idle → loading → (writing →) ready | none | failed
    this.status = el('p', { id: 'recording-status' + suffix, class: 'note', role: 'status' });
    this.audio = el('audio', { id: 'recording-audio' + suffix, controls: true, preload: 'auto', hidden: true });
    this.canvas = el('canvas', { id: 'waveform' + suffix, class: 'waveform', title: 'Click to play from there', height: 2 * LANE_CSS_HEIGHT });
    this.leftLabel = el('span', { class: 'lane-label lane-left' }, 'Caller');
    this.rightLabel = el('span', { class: 'lane-label lane-right' }, 'Agent');
    this.wave = el('div', { class: 'wave', hidden: true },
      el('div', { class: 'lane-labels' }, this.leftLabel, this.rightLabel), this.canvas);
    this.node = el('section', { class: 'recording', id: 'recording' + suffix, hidden: true },
      el('h2', {}, party === 'b' ? 'Recording, party B' : 'Recording'), this.status, this.audio, this.wave);
    this.onSeekable = () => {};

    this.canvas.addEventListener('click', e => {
      const rect = this.canvas.getBoundingClientRect();
      if (!this.audio.duration || !rect.width) return;
      this.seekSeconds(((e.clientX - rect.left) / rect.width) * this.audio.duration);
    });
    this.audio.addEventListener('play', () => this.follow());
    this.audio.addEventListener('seeked', () => this.drawPlayhead());
    this.audio.addEventListener('timeupdate', () => this.drawPlayhead());
    this.audio.addEventListener('loadedmetadata', () => {
      if (this.pendingSeek !== undefined) this.seekSeconds(this.pendingSeek);
    });
    this.resizeObserver = new ResizeObserver(() => {
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => this.drawWaveform(), RESIZE_DEBOUNCE_MS);
    });
    this.resizeObserver.observe(this.wave);
  }

  /** The current record: decides whether there is a recording to load, or to say why not. */
  update(call) {
    this.live = !call.endedAt;
    const interpreted = !!call.interpreter;
    const who = this.party === 'b' ? 'Party B' : 'Party A';
    this.leftLabel.textContent = interpreted ? who + ' said' : 'Caller';
    this.rightLabel.textContent = interpreted ? who + ' heard' : 'Agent';
    const r = this.party === 'b' ? call.recording && call.recording.partyB : call.recording;
    if (this.party === 'b' && !r) return;
    if (r && r.deletedAt) {
      this.show('The recording was deleted' + (r.deletedBy ? ' (' + r.deletedBy + ')' : '') + ' on ' + new Date(r.deletedAt).toLocaleString() + '.');
      this.unload();
      this.state = 'deleted';
      return;
    }
    if (r && !r.complete && r.incompleteReason) this.incomplete = 'Incomplete: ' + r.incompleteReason + '.';
    // A record with a recording, or the first look at any call (a live recorded call answers 409, an
    // unrecorded one 404), or a retry once the call has ended while the file was being written.
    if (this.state === 'idle' || (this.state === 'writing' && (r || !this.live)) || (this.state === 'none' && r)) this.load();
  }

  async load() {
    clearTimeout(this.retryTimer);
    if (this.abort) this.abort.abort();
    this.abort = new AbortController();
    this.state = 'loading';
    const headers = {};
    const t = token();
    if (t) headers.Authorization = 'Bearer ' + t;
    try {
      const response = await fetch(this.url, { headers, signal: this.abort.signal });
      if (response.status === 404) {
        this.state = 'none';
        this.node.hidden = true;
        return;
      }
      if (response.status === 409) {
        this.state = 'writing';
        this.show('The recording is being written; it can be played once the call has ended.');
        if (!this.live) this.retryTimer = setTimeout(() => this.load(), RETRY_MS);
        return;
      }
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const bytes = await response.arrayBuffer();
      if (this.closed) return;
      this.unload();
      this.objectUrl = URL.createObjectURL(new Blob([bytes], { type: 'audio/wav' }));
      this.audio.src = this.objectUrl;
      this.audio.hidden = false;
      this.state = 'ready';
      this.show(this.incomplete || '');
      this.onSeekable(true);
      await this.decode(bytes);
    } catch (e) {
      if (e.name === 'AbortError' || this.closed) return;
      this.state = 'failed';
      this.show('The recording could not be loaded: ' + e.message);
      this.retryTimer = setTimeout(() => this.load(), RETRY_MS * 3);
    }
  }

  /** Decodes the WAV at its own rate (from its header), so nothing is resampled for the waveform. */
  async decode(bytes) {
    const view = new DataView(bytes);
    const rate = bytes.byteLength >= 28 ? view.getUint32(24, true) : 8000;
    const context = new OfflineAudioContext(2, 1, rate >= 3000 && rate <= 384000 ? rate : 8000);
    const buffer = await context.decodeAudioData(bytes.slice(0));
    if (this.closed) return;
    this.channels = [buffer.getChannelData(0), buffer.numberOfChannels > 1 ? buffer.getChannelData(1) : buffer.getChannelData(0)];
    this.wave.hidden = false;
    this.drawWaveform();
  }

  show(text) {
    this.node.hidden = false;
    this.status.textContent = text;
    this.status.hidden = !text;
  }

  /** Peaks per pixel column per channel, drawn once into an offscreen canvas; the playhead goes over it. */
  drawWaveform() {
    if (!this.channels || this.wave.hidden) return;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(this.canvas.clientWidth * ratio));
    const height = Math.round(2 * LANE_CSS_HEIGHT * ratio);
    const off = document.createElement('canvas');
    off.width = width;
    off.height = height;
    const g = off.getContext('2d');
    const style = getComputedStyle(this.node);
    const colours = [style.getPropertyValue('--wave-left').trim() || '#3b6fb6', style.getPropertyValue('--wave-right').trim() || '#2f7d5b'];
    const lane = height / 2;
    this.channels.forEach((samples, c) => {
      const mid = lane * c + lane / 2;
      const half = lane / 2 - 2 * ratio;
      const perColumn = samples.length / width;
      g.fillStyle = colours[c];
      for (let x = 0; x < width; x++) {
        const from = Math.floor(x * perColumn);
        const to = Math.max(from + 1, Math.floor((x + 1) * perColumn));
        let min = 0;
        let max = 0;
        for (let i = from; i < to && i < samples.length; i++) {
          const v = samples[i];
          if (v < min) min = v;
          else if (v > max) max = v;
        }
        const top = mid - max * half;
        g.fillRect(x, top, 1, Math.max(1, (max - min) * half));
      }
    });
    this.waveImage = off;
    this.canvas.width = width;
    this.canvas.height = height;
    this.drawPlayhead();
  }

  drawPlayhead() {
    if (!this.waveImage) return;
    const g = this.canvas.getContext('2d');
    g.clearRect(0, 0, this.canvas.width, this.canvas.height);
    g.drawImage(this.waveImage, 0, 0);
    const duration = this.audio.duration;
    if (!duration || !isFinite(duration)) return;
    const x = Math.min(this.canvas.width - 1, Math.round((this.audio.currentTime / duration) * this.canvas.width));
    g.fillStyle = getComputedStyle(this.node).getPropertyValue('--wave-playhead').trim() || '#a4441f';
    g.fillRect(x, 0, Math.max(1, Math.round(window.devicePixelRatio || 1)), this.canvas.height);
  }

  /** While playing, the playhead follows the audio once per frame. */
  follow() {
    if (this.frame) return;
    const step = () => {
      this.drawPlayhead();
      this.frame = this.audio.paused || this.closed ? 0 : requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  seekSeconds(seconds) {
    if (this.audio.readyState < 1) {
      this.pendingSeek = seconds; // applied on loadedmetadata
      return;
    }
    this.pendingSeek = undefined;
    const d = this.audio.duration;
    this.audio.currentTime = Math.max(0, isFinite(d) ? Math.min(seconds, d) : seconds);
    this.drawPlayhead();
  }

  /** A transcript entry's startMs: the same timeline as the file (see the top of this file). */
  seekToCallTime(startMs) {
    if (this.state !== 'ready') return;
    this.seekSeconds(startMs / 1000);
  }

  unload() {
    if (this.objectUrl) {
      this.audio.removeAttribute('src');
      this.audio.load();
      URL.revokeObjectURL(this.objectUrl);
      this.objectUrl = null;
    }
    this.audio.hidden = true;
    this.wave.hidden = true;
    this.channels = null;
    this.waveImage = null;
    this.onSeekable(false);
  }

  close() {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.resizeTimer);
    if (this.abort) this.abort.abort();
    if (this.frame) cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.audio.pause();
    this.unload();
  }
}
