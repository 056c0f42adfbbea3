// Controls for a live call: hang up (a two-step button, so one stray click ends nothing) and change
// language (party A's, or on an interpreted call either party's). Shown only while the call is
// active; the API's own messages (a 409 for an ended call, a 400 for a bad code or an unsupported
// pair) are shown next to the control that caused them.
import { api, ApiFailure } from './api.js';
import { el } from './dom.js';

const CONFIRM_FOR_MS = 5000;
const ACTIVE = ['queued', 'ringing', 'in-progress'];

function message(e) {
  return e instanceof ApiFailure ? e.message : 'Could not reach the API: ' + e.message;
}

export class CallControls {
  /** onRecord(record): the API answered with the call's new record (a language change). */
  constructor(callId, onRecord) {
    this.path = '/api/calls/' + encodeURIComponent(callId);
    this.onRecord = onRecord;
    this.armed = false;
    this.hangingUp = false;

    this.hangupButton = el('button', { type: 'button', id: 'hangup', class: 'danger', onclick: () => this.hangupClicked() }, 'Hang up');
    this.hangupNote = el('span', { id: 'hangup-message', class: 'note', role: 'status' });
    this.languageInput = el('input', {
      id: 'language-input', name: 'language', type: 'text', required: true, size: 8, autocomplete: 'off',
      spellcheck: 'false', placeholder: 'e.g. pt-BR', 'aria-describedby': 'language-error',
    });
    this.partySelect = el('select', { id: 'language-party', name: 'party', hidden: true },
      el('option', { value: 'a' }, 'Party A'), el('option', { value: 'b' }, 'Party B'));
    this.partySelect.addEventListener('change', () => this.fillLanguage());
    this.languageError = el('span', { id: 'language-error', class: 'error', role: 'alert' });
    this.languageButton = el('button', { type: 'submit', id: 'language-submit' }, 'Change language');
    this.form = el('form', { id: 'language-form', class: 'language-form', onsubmit: e => { e.preventDefault(); this.changeLanguage(); } },
      el('label', { for: 'language-input' }, 'Language'), this.partySelect, this.languageInput, this.languageButton, this.languageError);
    this.node = el('section', { class: 'call-controls', id: 'call-controls', hidden: true },
      el('div', { class: 'hangup-row' }, this.hangupButton, this.hangupNote), this.form);
  }

  /** The current record: shows or hides the controls, and keeps the language field's default. */
  update(call) {
    const active = ACTIVE.includes(call.status) && !call.endedAt;
    const wasHidden = this.node.hidden;
    this.node.hidden = !active;
    this.call = call;
    this.partySelect.hidden = !call.interpreter;
    if (!active) {
      this.disarm();
      this.hangupNote.textContent = '';
      return;
    }
    if (wasHidden || this.languageInput.value === '' || this.languageInput.dataset.shown === this.languageInput.value) this.fillLanguage();
  }

  /** The field shows the chosen party's current language until the user types over it. */
  fillLanguage() {
    const c = this.call;
    if (!c) return;
    const party = c.interpreter ? this.partySelect.value : 'a';
    const current = party === 'b' ? c.interpreter.languages.b : c.language;
    if (document.activeElement === this.languageInput && this.languageInput.value !== this.languageInput.dataset.shown) return;
    this.languageInput.value = current || '';
    this.languageInput.dataset.shown = current || '';
  }

  hangupClicked() {
    if (this.hangingUp) return;
    if (!this.armed) {
      this.armed = true;
      this.hangupButton.textContent = 'Confirm hang up';
      this.hangupButton.classList.add('armed');
      this.hangupNote.textContent = '';
      this.disarmTimer = setTimeout(() => this.disarm(), CONFIRM_FOR_MS);
      return;
    }
    this.disarm();
    this.hangup();
  }

  disarm() {
    clearTimeout(this.disarmTimer);
    this.armed = false;
    this.hangupButton.textContent = 'Hang up';
    this.hangupButton.classList.remove('armed');
  }

  async hangup() {
    this.hangingUp = true;
    this.hangupButton.disabled = true;
    this.hangupNote.textContent = 'hanging up…';
    try {
      await api(this.path + '/hangup', { method: 'POST' });
      // 202: the call's end comes as call.ended, which hides the controls.
    } catch (e) {
      this.hangupNote.textContent = message(e);
    } finally {
      this.hangingUp = false;
      this.hangupButton.disabled = false;
    }
  }

  async changeLanguage() {
    const body = { language: this.languageInput.value.trim() };
    if (this.call && this.call.interpreter) body.party = this.partySelect.value;
    this.languageError.textContent = '';
    this.languageButton.disabled = true;
    try {
      const record = await api(this.path + '/language', {
        method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      this.languageInput.dataset.shown = '';
      this.languageInput.value = '';
      this.onRecord(record);
    } catch (e) {
      this.languageError.textContent = message(e);
    } finally {
      this.languageButton.disabled = false;
    }
  }

  close() {
    clearTimeout(this.disarmTimer);
  }
}
