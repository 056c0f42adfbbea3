// The system page: health (GET /health), active calls against the limit and uptime (GET /stats),
// and the last hour as three charts (GET /api/system/history, a point every 10 s), all read again
// every 10 s while the page is open. Charts are uPlot's, loaded only when this page opens.
import { api } from './api.js';
import { el, setText, clock } from './dom.js';

const REFRESH_MS = 10000;
const CHART_HEIGHT = 200;
const DARK = window.matchMedia('(prefers-color-scheme: dark)');

/** /health and /stats are open and answer 503 with a body when down or draining: read them whatever the status. */
async function readOpen(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!body) throw new Error(path + ' answered ' + response.status);
  return body;
}

function uptime(seconds) {
  if (seconds === null || seconds === undefined) return '';
  const days = Math.floor(seconds / 86400);
  const rest = clock((seconds % 86400) * 1000);
  return days > 0 ? days + ' d ' + rest : rest;
}

/** The page's colours, so the charts follow dark mode like the rest. */
function palette() {
  const css = getComputedStyle(document.documentElement);
  const v = name => css.getPropertyValue(name).trim();
  return { fg: v('--fg'), muted: v('--muted'), line: v('--line'), accent: v('--accent'), warn: v('--warn') };
}

/** x in seconds (uPlot's unit), then each series; null where a point has no value. */
function columns(points) {
  const at = points.map(p => Date.parse(p.at) / 1000);
  return {
    active: [at, points.map(p => p.activeCalls), points.map(p => p.maxConcurrentCalls)],
    latency: [at, points.map(p => p.responseMsP50 ?? null)],
    // The share of frames that should have come and did not: lost ÷ (received + lost), so it stays within 0…1.
    loss: [at, points.map(p => (p.framesIn + p.framesLost > 0 ? p.framesLost / (p.framesIn + p.framesLost) : null))],
  };
}

function chartOptions(kind, width, c) {
  const axis = { stroke: c.muted, grid: { stroke: c.line, width: 1 }, ticks: { stroke: c.line, width: 1 } };
  const x = { time: true };
  const base = { width, height: CHART_HEIGHT, cursor: { drag: { x: false, y: false } } };
  if (kind === 'active') {
    return Object.assign(base, {
      series: [{}, { label: 'Active calls', stroke: c.accent, width: 2, fill: c.accent + '22' },
        { label: 'Limit', stroke: c.warn, width: 1, dash: [6, 4] }],
      scales: { x, y: { range: (u, min, max) => [0, Math.max(1, max ?? 0) * 1.1] } },
      axes: [axis, Object.assign({}, axis, { values: (u, vals) => vals.map(v => (Number.isInteger(v) ? v : '')) })],
    });
  }
  if (kind === 'latency') {
    return Object.assign(base, {
      series: [{}, { label: 'Answer p50 (ms)', stroke: c.accent, width: 2, spanGaps: false }],
      scales: { x, y: { range: (u, min, max) => [0, Math.max(100, (max ?? 0) * 1.1)] } },
      axes: [axis, Object.assign({}, axis, { values: (u, vals) => vals.map(v => v + ' ms'), size: 60 })],
    });
  }
  return Object.assign(base, {
    series: [{}, { label: 'Frames lost', stroke: c.warn, width: 2, value: (u, v) => (v === null ? '–' : (v * 100).toFixed(2) + ' %') }],
    scales: { x, y: { range: (u, min, max) => [0, Math.max(0.01, (max ?? 0) * 1.1)] } },
    axes: [axis, Object.assign({}, axis, { values: (u, vals) => vals.map(v => +(v * 100).toFixed(2) + ' %'), size: 60 })],
  });
}

const CHARTS = [
  ['active', 'Active calls and the limit'],
  ['latency', 'Agent answer latency, median'],
  ['loss', 'Media frames lost'],
];

export function systemPage(main, setConnection) {
  let stopped = false;
  let timer = 0;
  let uPlot = null;
  let data = null;
  const charts = new Map(); // kind → uPlot
  const boxes = new Map(CHARTS.map(([kind]) => [kind, el('div', { class: 'chart', id: 'chart-' + kind })]));

  const status = el('span', { class: 'value', id: 'sys-status-value' });
  const active = el('span', { class: 'value', id: 'sys-active-value' });
  const up = el('span', { class: 'value', id: 'sys-uptime-value' });
  const checks = el('dl', { class: 'facts', id: 'sys-checks' });
  const problem = el('p', { class: 'error', role: 'alert', hidden: true });
  const updated = el('p', { class: 'hint', id: 'sys-updated' });
  main.replaceChildren(el('section', { class: 'view system' },
    el('h1', {}, 'System'), problem,
    el('div', { class: 'tiles' },
      el('div', { class: 'tile', id: 'sys-status' }, el('span', { class: 'label' }, 'Gateway'), status),
      el('div', { class: 'tile', id: 'sys-active' }, el('span', { class: 'label' }, 'Active calls'), active),
      el('div', { class: 'tile', id: 'sys-uptime' }, el('span', { class: 'label' }, 'Up for'), up)),
    el('h2', {}, 'Health checks'), checks,
    el('h2', {}, 'The last hour'),
    el('div', { class: 'charts' }, ...CHARTS.map(([kind, title]) =>
      el('figure', { class: 'chart-figure' }, el('figcaption', {}, title), boxes.get(kind)))),
    updated));

  if (!document.querySelector('link[href="/ui/uplot.min.css"]')) {
    document.head.append(el('link', { rel: 'stylesheet', href: '/ui/uplot.min.css' }));
  }

  function paintCharts() {
    if (!uPlot || !data || stopped) return;
    const cols = columns(data.points || []);
    for (const [kind] of CHARTS) {
      boxes.get(kind).dataset.points = String(cols[kind][0].length);
      let chart = charts.get(kind);
      if (chart) chart.setData(cols[kind]);
      else charts.set(kind, chart = new uPlot(chartOptions(kind, boxes.get(kind).clientWidth || 320, palette()), cols[kind], boxes.get(kind)));
      showAtLeastTenMinutes(chart, cols[kind][0]);
    }
  }

  /**
   * uPlot ranges x over the data, and over a thousand days for a single point (the first one after
   * a start), so the window is set after each setData: the points, and at least the ten minutes up to the last.
   */
  function showAtLeastTenMinutes(chart, at) {
    const last = at.length ? at[at.length - 1] : Date.now() / 1000;
    const min = Math.min(at.length ? at[0] : last, last - 600);
    chart.setScale('x', { min, max: last });
    // What uPlot made of it, once it has applied the change (a microtask of its own, queued first).
    queueMicrotask(() => {
      chart.root.parentElement.dataset.windowSeconds = String(Math.round(chart.scales.x.max - chart.scales.x.min));
    });
  }

  /** Colours are read once per chart: on a switch of scheme the charts are made again. */
  function rebuild() {
    charts.forEach(c => c.destroy());
    charts.clear();
    paintCharts();
  }

  const resize = new ResizeObserver(() => {
    for (const [kind, chart] of charts) {
      const width = boxes.get(kind).clientWidth;
      if (width && width !== chart.width) chart.setSize({ width, height: CHART_HEIGHT });
    }
  });
  boxes.forEach(b => resize.observe(b));
  DARK.addEventListener('change', rebuild);

  async function refresh() {
    try {
      const [health, stats, history] = await Promise.all([readOpen('/health'), readOpen('/stats'), api('/api/system/history')]);
      if (stopped) return;
      setText(status, health.status);
      status.dataset.health = health.status;
      checks.replaceChildren();
      for (const [name, value] of Object.entries(health.checks || {})) {
        checks.append(el('dt', {}, name), el('dd', { dataset: { check: name, health: value } }, value));
      }
      setText(active, stats.activeCalls + ' of ' + stats.maxConcurrentCalls);
      active.dataset.full = String(stats.activeCalls >= stats.maxConcurrentCalls);
      setText(up, uptime(stats.uptimeSeconds));
      data = history;
      paintCharts();
      setText(updated, 'A point every ' + history.everySeconds + ' s; read at ' + new Date().toLocaleTimeString() + '.');
      problem.hidden = true;
      setConnection('live');
    } catch (e) {
      if (stopped) return;
      problem.textContent = 'Could not read the gateway: ' + e.message;
      problem.hidden = false;
      setConnection('unreachable');
    }
    if (!stopped) timer = setTimeout(refresh, REFRESH_MS);
  }

  import('./uplot.esm.js').then(m => {
    uPlot = m.default;
    paintCharts();
  }, e => {
    problem.textContent = 'The charts could not be loaded: ' + e.message;
    problem.hidden = false;
  });
  refresh();

  return () => {
    stopped = true;
    clearTimeout(timer);
    resize.disconnect();
    DARK.removeEventListener('change', rebuild);
    charts.forEach(c => c.destroy());
  };
}
