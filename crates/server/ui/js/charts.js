// Bar charts drawn as SVG with text nodes only.

import { svg, h } from './dom.js';

/**
 * Horizontal bars: one row per item {label, value, href?}.
 */
export function hbars(items, { title, width = 460 } = {}) {
  const row = 22;
  const labelW = 150;
  const numW = 56;
  const max = Math.max(1, ...items.map((d) => d.value));
  const barW = width - labelW - numW;
  const height = Math.max(row, items.length * row);
  const chart = svg('svg', {
    class: 'chart hbars', viewBox: `0 0 ${width} ${height}`, width, height,
    role: 'img', 'aria-label': title || 'bar chart',
  });
  items.forEach((d, i) => {
    const y = i * row;
    const w = Math.max(1, (d.value / max) * barW);
    const label = svg('text', { x: labelW - 8, y: y + 15, class: 'label', 'text-anchor': 'end' }, clip(d.label, 22));
    const bar = svg('rect', { x: labelW, y: y + 4, width: w, height: row - 8, class: 'bar' },
      svg('title', {}, `${d.label}: ${d.value}`));
    const num = svg('text', { x: labelW + w + 6, y: y + 15, class: 'num' }, String(d.value));
    const group = svg('g', {}, label, bar, num);
    chart.append(d.href ? svg('a', { href: d.href }, group) : group);
  });
  return figure(title, chart, items.length === 0);
}

/**
 * Vertical bars over an ordered axis (months): items {label, value}.
 */
export function vbars(items, { title, width = 460, height = 180 } = {}) {
  const bottom = 34;
  const left = 34;
  const max = Math.max(1, ...items.map((d) => d.value));
  const plotH = height - bottom - 8;
  // A few bars stay bar-wide rather than filling the whole axis.
  const step = items.length ? Math.min(48, (width - left) / items.length) : 1;
  const chart = svg('svg', {
    class: 'chart vbars', viewBox: `0 0 ${width} ${height}`, width, height,
    role: 'img', 'aria-label': title || 'bar chart',
  });
  chart.append(
    svg('line', { x1: left, x2: width, y1: 8 + plotH, y2: 8 + plotH, class: 'axis' }),
    svg('text', { x: left - 6, y: 14, class: 'num', 'text-anchor': 'end' }, String(max)),
    svg('text', { x: left - 6, y: 8 + plotH, class: 'num', 'text-anchor': 'end' }, '0'),
  );
  // Label at most about eight ticks so they never overlap.
  const every = Math.max(1, Math.ceil(items.length / 8));
  items.forEach((d, i) => {
    const bh = (d.value / max) * plotH;
    const x = left + i * step;
    chart.append(svg('rect', {
      x: x + step * 0.1, y: 8 + plotH - bh, width: Math.max(1, step * 0.8), height: bh, class: 'bar',
    }, svg('title', {}, `${d.label}: ${d.value}`)));
    if (i % every === 0) {
      chart.append(svg('text', { x: x + step / 2, y: height - 16, class: 'label', 'text-anchor': 'middle' }, d.label));
    }
  });
  return figure(title, chart, items.length === 0);
}

/** Month counts with the months between them filled in as zero (up to 40 years). */
export function continuousMonths(counts) {
  const index = (m) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const valid = counts.filter((c) => /^\d{4}-\d{2}$/.test(c.value));
  if (!valid.length) return [];
  const first = Math.min(...valid.map((c) => index(c.value)));
  const last = Math.max(...valid.map((c) => index(c.value)));
  if (last - first > 480) return valid.map((c) => ({ label: c.value, value: c.count }));
  const by = new Map(valid.map((c) => [index(c.value), c.count]));
  const out = [];
  for (let i = first; i <= last; i++) {
    const label = `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    out.push({ label, value: by.get(i) || 0 });
  }
  return out;
}

function figure(title, chart, empty) {
  return h('figure', { class: 'card chart-card' },
    h('figcaption', {}, title),
    empty ? h('p', { class: 'muted' }, 'Nothing yet.') : chart);
}

function clip(s, n) {
  const t = String(s);
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
}
