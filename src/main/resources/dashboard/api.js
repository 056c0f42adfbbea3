// GET/POST to /api with the token when there is one. A 401 is thrown as Unauthorized, so the app can ask again.
import { token } from './token.js';

export class Unauthorized extends Error {}

export class ApiFailure extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(path, options = {}) {
  const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
  const t = token();
  if (t) headers.Authorization = 'Bearer ' + t;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) throw new Unauthorized();
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body && body.error ? body.error : {};
    throw new ApiFailure(response.status, error.code || 'http_' + response.status, error.message || response.statusText);
  }
  return body;
}

/** The WebSocket URL of /ws/events, with the token as the query parameter browsers can send. */
export function eventsUrl(callId) {
  const url = new URL('/ws/events', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  if (callId) url.searchParams.set('callId', callId);
  const t = token();
  if (t) url.searchParams.set('token', t);
  return url.toString();
}
