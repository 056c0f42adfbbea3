// /ws/events with reconnection: after each (re)connect the page catches up from the API, since
// events sent while the socket was down are gone.
import { eventsUrl } from './api.js';

const MAX_BACKOFF_MS = 10000;

export class EventStream {
  /**
   * onEvent(event) for each event; onOpen() after each connect, to catch up; onState(text) for the
   * connection indicator.
   */
  constructor({ callId, onEvent, onOpen, onState }) {
    this.callId = callId;
    this.onEvent = onEvent;
    this.onOpen = onOpen;
    this.onState = onState || (() => {});
    this.backoff = 500;
    this.closed = false;
    this.connect();
  }

  connect() {
    if (this.closed) return;
    this.onState('connecting…');
    const ws = new WebSocket(eventsUrl(this.callId));
    this.ws = ws;
    ws.addEventListener('open', () => {
      this.backoff = 500;
      this.onState('live');
      this.onOpen();
    });
    ws.addEventListener('message', m => {
      let event;
      try { event = JSON.parse(m.data); } catch { return; }
      this.onEvent(event);
    });
    ws.addEventListener('close', () => {
      if (this.ws !== ws || this.closed) return;
      this.onState('reconnecting…');
      const wait = this.backoff;
      this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2);
      this.timer = setTimeout(() => this.connect(), wait);
    });
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close();
  }
}
