// Sources: the sources texts cite, with the outlets citing them, and the outlet → source
// graph as SVG (the heaviest edges) with the full edge list as a table.

import { api, h, svg, link, fmtInt, actorLink, emptyState } from './dom.js';

function outletLink(o) {
  return h('a', { href: '#/documents?' + new URLSearchParams({ outlet: o }).toString() }, o);
}

function sourcesTable(list) {
  return h('table', { class: 'docs sources-table' },
    h('thead', {}, h('tr', {}, ['Source', 'Kind', 'Citations', 'Documents', 'Cited by'].map((c) => h('th', {}, c)))),
    h('tbody', {}, list.map((s) => h('tr', {},
      h('td', {}, s.entity ? actorLink(s.entity, s.label || s.name) : s.name),
      h('td', {}, s.kind),
      h('td', { class: 'n' }, fmtInt(s.citations)),
      h('td', { class: 'n' }, fmtInt(s.documents)),
      h('td', {}, (s.cited_by || []).map((o, i) => [i ? ', ' : '', outletLink(o)]))))));
}

/** Outlets on the left, sources on the right, one line per edge, wider for more documents. */
export function edgeGraph(edges, names) {
  const top = edges.slice(0, 40);
  const outlets = [...new Set(top.map((e) => e.outlet))].slice(0, 15);
  const sources = [...new Set(top.map((e) => e.source))].slice(0, 15);
  const shown = top.filter((e) => outlets.includes(e.outlet) && sources.includes(e.source));
  const row = 24; const width = 640;
  const height = Math.max(outlets.length, sources.length) * row + 10;
  const max = Math.max(1, ...shown.map((e) => e.documents));
  const y = (i) => 14 + i * row;
  const chart = svg('svg', { class: 'chart graph', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': 'Outlets and the sources they cite' });
  for (const e of shown) {
    chart.append(svg('line', {
      x1: 200, y1: y(outlets.indexOf(e.outlet)) - 4, x2: 440, y2: y(sources.indexOf(e.source)) - 4,
      class: 'edge', 'stroke-width': 1 + (4 * e.documents) / max,
    }, svg('title', {}, `${e.outlet} → ${names[e.source] || e.source}: ${e.documents} documents`)));
  }
  outlets.forEach((o, i) => chart.append(svg('text', { x: 194, y: y(i), class: 'label', 'text-anchor': 'end' }, clip(o))));
  sources.forEach((s, i) => chart.append(svg('text', { x: 446, y: y(i), class: 'label' }, clip(names[s] || s))));
  return chart;
}

function clip(s) {
  const t = String(s);
  return t.length > 30 ? t.slice(0, 29) + '…' : t;
}

export async function sourcesPage() {
  const data = await api('/api/sources?limit=200&edges=300');
  if (!data.sources.length) {
    return h('section', {}, h('h1', {}, 'Sources'), emptyState('No cited source yet.', 'narrascope sources'));
  }
  const names = Object.fromEntries(data.sources.map((s) => [s.source, s.label || s.name]));
  const edgeRows = data.edges.map((e) => h('tr', {}, h('td', {}, outletLink(e.outlet)), h('td', {}, names[e.source] || e.source), h('td', { class: 'n' }, fmtInt(e.documents))));
  return h('section', { class: 'sources-page' },
    h('h1', {}, 'Sources'),
    h('section', { class: 'card' }, h('h2', {}, 'Cited sources'), sourcesTable(data.sources)),
    h('figure', { class: 'card' }, h('figcaption', {}, 'Who cites whom: outlets (left) and the sources their documents cite (right)'), edgeGraph(data.edges, names)),
    h('details', { class: 'card' }, h('summary', {}, `All ${data.edges.length} outlet → source edges`),
      h('table', { class: 'docs' }, h('thead', {}, h('tr', {}, h('th', {}, 'Outlet'), h('th', {}, 'Source'), h('th', {}, 'Documents'))), h('tbody', {}, edgeRows))),
    h('p', {}, link('/documents', 'Browse documents')));
}
