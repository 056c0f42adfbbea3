// Place a call: a form for POST /api/calls. The server validates; its 400 names the field first
// ("to: …", "metadata.crm: …"), so the message is shown next to that field. Only the metadata rows
// are checked here, since their shape (pairs of inputs) is the form's own.
import { api, ApiFailure } from './api.js';
import { el } from './dom.js';

// What POST /api/calls takes in "agent". The interpreter also needs party B and both languages:
// the form asks for them when it is chosen.
const AGENTS = ['echo', 'realtime', 'pipeline', 'interpreter'];
const PROVIDERS = ['twilio', 'asterisk'];

/** A labelled control with a hint and a place for its error; `describe` keeps aria-describedby right. */
function field(name, label, control, hint) {
  const hintNode = hint ? el('p', { class: 'hint', id: control.id + '-hint' }, hint) : null;
  const error = el('p', { class: 'field-error', id: control.id + '-error', hidden: true });
  const node = el('div', { class: 'field', dataset: { field: name } }, el('label', { for: control.id }, label), control, hintNode, error);
  return { name, node, control, hint: hintNode, error };
}

function describe(f, invalid, controls = f.targets ? f.targets() : [f.control]) {
  const ids = [f.hint ? f.hint.id : null, invalid ? f.error.id : null].filter(Boolean);
  for (const c of controls) {
    if (ids.length) c.setAttribute('aria-describedby', ids.join(' '));
    else c.removeAttribute('aria-describedby');
    if (invalid) c.setAttribute('aria-invalid', 'true');
    else c.removeAttribute('aria-invalid');
  }
}

function select(id, options) {
  return el('select', { id, name: id.replace(/^nc-/, '') }, ...options.map(([value, text]) => el('option', { value }, text)));
}

export function newCallPage(main, navigate) {
  const to = field('to', 'To', el('input', { id: 'nc-to', name: 'to', type: 'tel', autocomplete: 'off', required: true, placeholder: '+15551230000' }),
    'E.164 on Twilio (+ and up to 15 digits); an endpoint or extension on Asterisk.');
  const from = field('from', 'From', el('input', { id: 'nc-from', name: 'from', type: 'tel', autocomplete: 'off', placeholder: '+15559870000' }),
    'Optional on Twilio: TWILIO_PHONE_NUMBER by default.');
  const provider = field('provider', 'Provider', select('nc-provider', PROVIDERS.map(p => [p, p])));
  const agent = field('agent', 'Agent', select('nc-agent', [['', 'server default (AGENT)'], ...AGENTS.map(a => [a, a])]),
    'An agent must be able to run on this server; the error says which can.');
  const language = field('language', 'Language', el('input', { id: 'nc-language', name: 'language', autocomplete: 'off', placeholder: 'en' }),
    'A language tag like en or pt-BR; en when empty.');
  const record = field('record', 'Record', select('nc-record', [['', 'server default (RECORDING)'], ['true', 'record this call'], ['false', 'do not record']]));

  // Metadata: rows of key and value, which need no JSON from the user.
  const rows = el('div', { class: 'metadata-rows', id: 'nc-metadata-rows' });
  const addRow = el('button', { type: 'button', id: 'nc-metadata-add', class: 'secondary' }, 'Add metadata');
  const metadataError = el('p', { class: 'field-error', id: 'nc-metadata-error', hidden: true });
  const metadataHint = el('p', { class: 'hint', id: 'nc-metadata-hint' }, 'Strings kept with the call, e.g. your CRM id.');
  const metadata = {
    name: 'metadata', error: metadataError, hint: metadataHint,
    node: el('fieldset', { class: 'field metadata', dataset: { field: 'metadata' } }, el('legend', {}, 'Metadata'), metadataHint, rows, addRow, metadataError),
    targets: () => [...rows.querySelectorAll('input')],
  };
  let rowCount = 0;
  function metadataRow(key = '', value = '') {
    const n = ++rowCount;
    const k = el('input', { id: 'nc-meta-key-' + n, class: 'meta-key', autocomplete: 'off', value: key });
    const v = el('input', { id: 'nc-meta-value-' + n, class: 'meta-value', autocomplete: 'off', value });
    const row = el('div', { class: 'metadata-row' },
      el('label', { for: k.id }, 'Key'), k, el('label', { for: v.id }, 'Value'), v,
      el('button', { type: 'button', class: 'secondary', 'aria-label': 'Remove metadata row ' + n, onclick: () => { row.remove(); addRow.focus(); } }, 'Remove'));
    rows.append(row);
    return k;
  }
  addRow.addEventListener('click', () => metadataRow().focus());
  metadataRow();

  // Party B of an interpreted call, shown only when the interpreter is the agent. Its errors name
  // the inner field ("interpreter.languages.b: …"), which finds the control here.
  const bTo = field('interpreter.to', 'Party B: to', el('input', { id: 'nc-b-to', type: 'tel', autocomplete: 'off', placeholder: '+15557650000' }),
    'Who to dial once the caller (party A) answers.');
  const bFrom = field('interpreter.from', 'Party B: from', el('input', { id: 'nc-b-from', type: 'tel', autocomplete: 'off' }),
    'Optional: the same as for party A by default.');
  const bProvider = field('interpreter.provider', 'Party B: provider', select('nc-b-provider', [['', 'as party A'], ...PROVIDERS.map(p => [p, p])]));
  const langA = field('interpreter.languages.a', 'Party A speaks', el('input', { id: 'nc-lang-a', autocomplete: 'off', placeholder: 'en' }));
  const langB = field('interpreter.languages.b', 'Party B speaks', el('input', { id: 'nc-lang-b', autocomplete: 'off', placeholder: 'es' }),
    'Both ways must be a pair the translator serves; the error says when one is not.');
  const partyFields = [bTo, bFrom, bProvider, langA, langB];
  const interpreter = {
    name: 'interpreter', error: el('p', { class: 'field-error', id: 'nc-interpreter-error', hidden: true }), hint: null,
    targets: () => partyFields.map(f => f.control),
  };
  interpreter.node = el('fieldset', { class: 'field party-b', id: 'nc-party-b', hidden: true, dataset: { field: 'interpreter' } },
    el('legend', {}, 'Interpreted call'), ...partyFields.map(f => f.node), interpreter.error);
  // An interpreted call's language is party A's, asked for with B's: the plain language field goes.
  agent.control.addEventListener('change', () => {
    const interpreted = agent.control.value === 'interpreter';
    interpreter.node.hidden = !interpreted;
    language.node.hidden = interpreted;
  });

  const fields = [to, from, provider, agent, interpreter, language, metadata, record];
  const byName = new Map([...fields, ...partyFields].map(f => [f.name, f]));
  const alert = el('p', { class: 'error form-alert', id: 'nc-alert', role: 'alert', hidden: true });
  const submit = el('button', { type: 'submit', id: 'nc-submit' }, 'Place call');
  const form = el('form', { class: 'new-call-form', id: 'new-call', novalidate: true },
    ...fields.map(f => f.node), alert, submit);
  main.replaceChildren(el('section', { class: 'view new-call' }, el('h1', {}, 'Place a call'), form));
  fields.forEach(f => describe(f, false));
  to.control.focus();

  function clearErrors() {
    for (const f of [...fields, ...partyFields]) {
      f.error.hidden = true;
      f.error.textContent = '';
      describe(f, false);
    }
    alert.hidden = true;
    alert.textContent = '';
  }

  /** The inputs of the metadata row whose key is `key`, or every metadata input when none is. */
  function metadataControls(key) {
    const row = [...rows.querySelectorAll('.metadata-row')].find(r => r.querySelector('.meta-key').value.trim() === key);
    return row ? [...row.querySelectorAll('input')] : metadata.targets();
  }

  /** Shows `message` by the field its first path segment names ("metadata.crm: …" by that row), or above the button. */
  function showError(message) {
    const m = /^([A-Za-z]+)(?:\.([^:]+))?:/.exec(message);
    // interpreter.languages (the pair as a whole) goes by party B's language, the one more often changed.
    const inner = m && m[1] === 'interpreter' && m[2] ? byName.get('interpreter.' + m[2]) || (m[2] === 'languages' ? langB : null) : null;
    const f = inner || (m ? byName.get(m[1]) : null);
    if (!f) {
      alert.textContent = message;
      alert.hidden = false;
      return;
    }
    f.error.textContent = message;
    f.error.hidden = false;
    const controls = f === metadata && m[2] ? metadataControls(m[2]) : undefined;
    describe(f, true, controls);
    (controls || (f.targets ? f.targets() : [f.control]))[0]?.focus();
  }

  /** The metadata rows as an object; throws a message naming the field when a row makes no sense. */
  function metadataValue() {
    const out = {};
    for (const row of rows.querySelectorAll('.metadata-row')) {
      const key = row.querySelector('.meta-key').value.trim();
      const value = row.querySelector('.meta-value').value;
      if (!key && !value) continue;
      if (!key) throw 'metadata: a value needs a key';
      if (Object.hasOwn(out, key)) throw 'metadata: the key ' + key + ' is given twice';
      out[key] = value;
    }
    return out;
  }

  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (submit.disabled) return;
    clearErrors();
    const body = { to: to.control.value.trim(), provider: provider.control.value };
    if (from.control.value.trim()) body.from = from.control.value.trim();
    if (agent.control.value) body.agent = agent.control.value;
    if (language.control.value.trim() && !language.node.hidden) body.language = language.control.value.trim();
    if (record.control.value) body.record = record.control.value === 'true';
    if (agent.control.value === 'interpreter') {
      body.interpreter = { to: bTo.control.value.trim(), languages: { a: langA.control.value.trim(), b: langB.control.value.trim() } };
      if (bFrom.control.value.trim()) body.interpreter.from = bFrom.control.value.trim();
      if (bProvider.control.value) body.interpreter.provider = bProvider.control.value;
    }
    try {
      const meta = metadataValue();
      if (Object.keys(meta).length) body.metadata = meta;
    } catch (message) {
      showError(message);
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Placing…';
    try {
      const call = await api('/api/calls', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      navigate('/calls/' + encodeURIComponent(call.id));
    } catch (err) {
      submit.disabled = false;
      submit.textContent = 'Place call';
      if (err instanceof ApiFailure && err.status === 400) showError(err.message);
      else if (err instanceof ApiFailure) showError('The call was not placed (' + err.status + '): ' + err.message);
      else showError('The call was not placed: ' + err.message);
    }
  });

  return () => {};
}
