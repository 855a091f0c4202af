/**
 * Realtime figures for admins: the open event streams of the cluster (in total, per role room and per node)
 * and a chart of streams and events per second over the last minutes, from `api/realtime/stats`.
 *
 * The section polls every POLL_MS while it is shown and the browser tab is visible, and at once when it
 * becomes so. Events per second is the change of the newest event id delivered (the highest `lastEventId`
 * of the nodes) between two polls, divided by the seconds between them. The series lives in this page only:
 * it starts empty on every load and keeps WINDOW_S seconds.
 *
 * The chart is uPlot, unpacked from its WebJar into vendor/uplot/ by the build (see pom.xml). It is loaded
 * only when the section is first shown; should it be missing, the figures and the table still work.
 */
import { get } from './api.js';
import { messageRow } from './list-parts.js';
import { $, formatNumber, h, replaceChildren, syncRows } from './ui.js';

const STATS_URL = 'api/realtime/stats';
const UPLOT_URL = '../vendor/uplot/uPlot.esm.js';
const POLL_MS = 5000;
/** How much history the chart shows and the page keeps. */
const WINDOW_S = 10 * 60;
/** Two polls further apart than this (the section or tab was hidden) are not joined by a line or a rate. */
const GAP_S = (POLL_MS / 1000) * 2.5;
const ROOMS = ['admins', 'owners', 'managers', 'tenants'];
const CHART_HEIGHT = 260;

const rateFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const clockFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

export function startRealtime() {
  const body = $('#realtime-nodes-body');
  const chartBox = $('#realtime-chart');
  const chartStatus = $('#realtime-chart-status');
  const errorBox = $('#realtime-error');
  const rowCache = new Map();
  /** uPlot's data layout: x (unix seconds), open streams, events per second; null makes a gap. */
  const series = [[], [], []];
  /** The previous poll: when (performance.now() ms and unix seconds) and the newest event id then. */
  let previous = null;
  let shown = false;
  let timer = null;
  let polling = false;
  let chart = null;
  /** null: not asked yet; a promise while uPlot loads; 'failed' when it could not be loaded. */
  let uPlotLoad = null;
  let loaded = false;

  document.addEventListener('visibilitychange', update);

  function active() {
    return shown && document.visibilityState === 'visible';
  }

  /** Starts or stops polling to match whether the figures can be seen. */
  function update() {
    if (!active()) {
      clearTimeout(timer);
      timer = null;
      return;
    }
    ensureChart();
    if (timer === null && !polling) {
      poll();
    }
  }

  async function poll() {
    timer = null;
    polling = true;
    try {
      const stats = await get(STATS_URL);
      record(stats);
      errorBox.hidden = true;
    } catch (e) {
      console.error('Loading the realtime stats failed', e);
      const text = `The realtime figures could not be loaded: ${e.message.replace(/\.$/, '')}. `
        + `Retrying every ${POLL_MS / 1000} seconds.`;
      // role=alert: say it once, not on every failed poll.
      if (errorBox.hidden || errorBox.textContent !== text) {
        errorBox.textContent = text;
        errorBox.hidden = false;
      }
    } finally {
      polling = false;
    }
    if (active() && timer === null) {
      timer = setTimeout(poll, POLL_MS);
    }
  }

  function record(stats) {
    const nodes = Array.isArray(stats.nodes) ? stats.nodes : [];
    const connections = Number(stats.connections) || 0;
    const newestEvent = nodes.reduce((max, n) => Math.max(max, Number(n.lastEventId) || 0), 0);
    const mono = performance.now();
    const now = Date.now() / 1000;
    let rate = null;
    if (previous) {
      const seconds = (mono - previous.mono) / 1000;
      const delta = newestEvent - previous.newestEvent;
      if (seconds > GAP_S) {
        // No line across the time nobody looked, and no rate averaged over it.
        push(previous.time + POLL_MS / 1000, null, null);
      } else if (seconds > 0 && delta >= 0) {
        // (A drop means a node started over on an empty log: no figure for that step.)
        rate = delta / seconds;
      }
    }
    previous = { mono, time: now, newestEvent };
    push(now, connections, rate);
    while (series[0].length && series[0][0] < now - WINDOW_S) {
      series.forEach((values) => values.shift());
    }
    loaded = true;
    render(stats, nodes, connections, rate, now);
  }

  function push(time, connections, rate) {
    series[0].push(time);
    series[1].push(connections);
    series[2].push(rate);
  }

  function render(stats, nodes, connections, rate, now) {
    $('#rt-connections').textContent = formatNumber(connections);
    $('#rt-events-rate').textContent = rate === null ? '–' : rateFormat.format(rate);
    $('#rt-nodes').textContent = formatNumber(nodes.length);
    const rooms = stats.rooms && typeof stats.rooms === 'object' ? stats.rooms : {};
    for (const room of ROOMS) {
      $(`#rt-room-${room}`).textContent = formatNumber(Number(rooms[room]) || 0);
    }
    $('#realtime-updated').textContent = `Updated ${timeFormat.format(new Date(now * 1000))}`;

    const items = nodes.map((n) => ({
      id: String(n.id ?? ''),
      connections: Number(n.connections) || 0,
      lastEventId: n.lastEventId ?? null,
    })).sort((a, b) => a.id.localeCompare(b.id));
    if (items.length === 0) {
      rowCache.clear();
      replaceChildren(body, messageRow(3, 'empty', 'No node reported figures.'));
    } else {
      syncRows(body, items, nodeRow, rowCache);
    }
    drawChart();
  }

  function nodeRow(n) {
    return h('tr', { dataset: { id: n.id } },
      h('th', { scope: 'row', class: 'node-id' }, n.id),
      h('td', { class: 'num', dataset: { col: 'connections' } }, formatNumber(n.connections)),
      h('td', { class: 'num', dataset: { col: 'last-event-id' } },
        n.lastEventId === null ? '–' : String(n.lastEventId)));
  }

  // -------------------------------------------------------------------------------------------------------
  // Chart

  function ensureChart() {
    if (uPlotLoad !== null) {
      return;
    }
    uPlotLoad = import(UPLOT_URL).then((module) => {
      chart = newChart(module.default);
      uPlotLoad = 'done';
      drawChart();
    }).catch((e) => {
      uPlotLoad = 'failed';
      console.error('Loading the chart library failed', e);
      chartBox.dataset.state = 'failed';
      chartStatus.textContent = 'The chart could not be loaded; the figures above still update.';
      chartStatus.hidden = false;
    });
  }

  function newChart(UPlot) {
    const css = getComputedStyle(document.documentElement);
    const color = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
    const streamsColor = color('--primary', '#4338ca');
    const rateColor = color('--success', '#067647');
    const axisColor = color('--muted', '#5b6474');
    const gridColor = color('--border', '#e3e7ef');
    const axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } };
    const counts = (u, ticks) => ticks.map((v) => formatNumber(v));
    const u = new UPlot({
      width: chartWidth(),
      height: CHART_HEIGHT,
      scales: {
        // Always the whole window, ending at the newest poll, so the line grows in from the right.
        x: { time: true, range: () => xRange() },
        streams: { range: (self, min, max) => [0, Math.max(4, Math.ceil((max || 0) * 1.2))] },
        rate: { range: (self, min, max) => [0, Math.max(1, (max || 0) * 1.2)] },
      },
      series: [
        {},
        {
          label: 'Open streams', scale: 'streams', stroke: streamsColor, width: 2,
          fill: /^#[0-9a-f]{6}$/i.test(streamsColor) ? `${streamsColor}14` : undefined,
          value: (self, v) => (v === null || v === undefined ? '–' : formatNumber(v)),
        },
        {
          label: 'Events/s', scale: 'rate', stroke: rateColor, width: 2,
          value: (self, v) => (v === null || v === undefined ? '–' : rateFormat.format(v)),
        },
      ],
      axes: [
        {
          ...axis, space: 60, incrs: [60, 120, 300, 600],
          values: (self, ticks) => ticks.map((t) => clockFormat.format(new Date(t * 1000))),
        },
        {
          ...axis, scale: 'streams', label: 'Open streams',
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000], values: counts,
        },
        { ...axis, scale: 'rate', label: 'Events/s', side: 1, grid: { show: false } },
      ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    }, series, chartBox);
    new ResizeObserver(() => {
      const width = chartWidth();
      if (width > 0 && width !== u.width) {
        u.setSize({ width, height: CHART_HEIGHT });
      }
    }).observe(chartBox);
    return u;
  }

  function chartWidth() {
    return Math.max(0, Math.floor(chartBox.clientWidth));
  }

  function xRange() {
    const end = series[0].length ? series[0][series[0].length - 1] : Date.now() / 1000;
    return [end - WINDOW_S, end];
  }

  function drawChart() {
    if (chart === null) {
      return;
    }
    chart.setData(series);
    chartBox.dataset.points = String(series[0].length);
    if (loaded && series[2].some((v) => v !== null)) {
      chartStatus.hidden = true;
    } else {
      chartStatus.textContent = 'Collecting data: events per second shows from the second poll.';
      chartStatus.hidden = false;
    }
  }

  return {
    /** Called by the dashboard when the Realtime section is shown or hidden. */
    setShown(value) {
      shown = value;
      update();
    },
  };
}
