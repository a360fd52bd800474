// The monitoring pages' charts: one ECharts line chart per metric, fed by GET /api/metrics/series
// with the page's scope (data-* attributes of #monitor) and the chosen filters, range and
// aggregation; redrawn every 10 s while "live" is ticked. Each chart element records in
// data-samples how many samples it drew, and #monitor records data-refreshes, so a page test can
// wait on them (and data-series, data-last: the number of series and the first one's last value).
(function () {
  'use strict';
  const root = document.getElementById('monitor');
  if (!root || typeof echarts === 'undefined') {
    return;
  }
  const LIVE_MS = 10000;
  const MAX_BUCKETS = 360;
  const charts = new Map();
  let timer = null;
  let refreshes = 0;

  function $(id) {
    return document.getElementById(id);
  }

  function parseDuration(iso) {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
    if (!m) {
      return 3600000;
    }
    return (((+(m[1] || 0) * 24 + +(m[2] || 0)) * 60 + +(m[3] || 0)) * 60) * 1000;
  }

  function range() {
    if ($('range').value === 'custom') {
      const from = Date.parse($('from').value);
      const to = Date.parse($('to').value);
      if (!isNaN(from) && !isNaN(to) && from < to) {
        return [from, to];
      }
    }
    const to = Date.now();
    return [to - parseDuration($('range').value === 'custom' ? 'PT1H' : $('range').value), to];
  }

  // A step that gives at most MAX_BUCKETS buckets, in whole multiples of 10 s (the agents' interval).
  function step(from, to) {
    const seconds = Math.max(10, Math.ceil((to - from) / 1000 / MAX_BUCKETS / 10) * 10);
    return 'PT' + seconds + 'S';
  }

  function query(metric) {
    const [from, to] = range();
    const p = new URLSearchParams();
    p.set('metric', metric);
    p.set('kind', root.dataset.kind);
    for (const key of ['application', 'container', 'host']) {
      if (root.dataset[key]) {
        p.set(key, root.dataset[key]);
      }
    }
    for (const el of document.querySelectorAll('.filter')) {
      if (el.value) {
        p.set(el.dataset.param, el.value);
      }
    }
    if (!p.has('per')) {
      p.set('per', 'all');
    }
    p.set('aggregation', $('aggregation').value);
    p.set('from', new Date(from).toISOString());
    p.set('to', new Date(to).toISOString());
    p.set('step', step(from, to));
    return '/api/metrics/series?' + p.toString();
  }

  function formatter(unit) {
    const scaled = (v, suffix) => {
      const units = ['', 'Ki', 'Mi', 'Gi', 'Ti'];
      let i = 0;
      while (Math.abs(v) >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
      }
      return (Math.round(v * 10) / 10) + ' ' + units[i] + suffix;
    };
    if (unit === 'bytes') {
      return v => scaled(v, 'B');
    }
    if (unit === 'bytes/s') {
      return v => scaled(v, 'B/s');
    }
    if (unit === '%') {
      return v => (Math.round(v * 10) / 10) + ' %';
    }
    return v => String(Math.round(v * 100) / 100);
  }

  function label(series) {
    return series.subject ? series.subject.name : 'all';
  }

  async function fetchSeries(metric) {
    const response = await fetch(query(metric), { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) {
      let detail = response.status + ' ' + response.statusText;
      try {
        detail = (await response.json()).detail || detail;
      } catch (e) {
        // not a problem document
      }
      throw new Error(metric + ': ' + detail);
    }
    return response.json();
  }

  async function draw(el) {
    const metric = el.dataset.metric;
    const format = formatter(el.dataset.unit);
    const series = await fetchSeries(metric);
    const lines = series.map(s => ({
      name: label(s), type: 'line', showSymbol: false, data: s.samples
    }));
    if (metric === 'memory' && (root.dataset.kind === 'host' || root.dataset.container)) {
      const limits = await fetchSeries('memory_limit');
      for (const s of limits) {
        lines.push({ name: label(s) + ' limit', type: 'line', showSymbol: false, data: s.samples, lineStyle: { type: 'dashed' } });
      }
    }
    let chart = charts.get(el);
    if (!chart) {
      chart = echarts.init(el);
      charts.set(el, chart);
    }
    chart.setOption({
      animation: false,
      grid: { left: 70, right: 16, top: 28, bottom: 28 },
      tooltip: { trigger: 'axis', valueFormatter: format },
      legend: { type: 'scroll', top: 0 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', axisLabel: { formatter: format } },
      series: lines
    }, { notMerge: true });
    el.dataset.samples = String(series.reduce((n, s) => n + s.samples.length, 0));
    el.dataset.series = String(series.length);
    const first = series.length > 0 ? series[0].samples : [];
    el.dataset.last = first.length > 0 ? String(first[first.length - 1][1]) : '';
  }

  async function refresh() {
    const status = $('status');
    const errors = [];
    await Promise.all(Array.from(document.querySelectorAll('.chart')).map(el =>
      draw(el).catch(e => errors.push(e.message))));
    refreshes++;
    root.dataset.refreshes = String(refreshes);
    status.classList.toggle('error', errors.length > 0);
    status.textContent = errors.length > 0
      ? 'error: ' + errors.join('; ')
      : 'updated ' + new Date().toLocaleTimeString();
  }

  function schedule() {
    if (timer) {
      clearInterval(timer);
      timer = null;
    }
    if ($('live').checked) {
      timer = setInterval(refresh, LIVE_MS);
    }
  }

  for (const el of document.querySelectorAll('.filter, #aggregation, #from, #to')) {
    el.addEventListener('change', refresh);
  }
  $('range').addEventListener('change', () => {
    $('custom-range').hidden = $('range').value !== 'custom';
    refresh();
  });
  $('live').addEventListener('change', schedule);
  window.addEventListener('resize', () => charts.forEach(c => c.resize()));
  refresh();
  schedule();
})();
