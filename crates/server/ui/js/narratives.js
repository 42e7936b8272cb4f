// Narratives overview: catalog narratives found in the corpus, each top-level one with its
// narrower narratives, lineage link counts, and the narratives discovered over the corpus.

import { api, h, link, fmtInt } from './dom.js';

/** The workbench route of one narrative; ids hold slashes, so the id is escaped whole. */
export function narrativeRoute(id) {
  return '/narrative/' + encodeURIComponent(id);
}

export function clip(s, n) {
  const t = String(s || '');
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
}

function row(n, child) {
  return h('tr', { class: child ? 'child' : 'root' },
    h('td', {},
      child ? h('span', { class: 'tree', 'aria-hidden': 'true' }, '└ ') : null,
      link(narrativeRoute(n.id), n.title || n.id),
      h('div', { class: 'id muted' }, n.id, n.title ? '' : ' (not in the shipped catalogs)')),
    h('td', { class: 'n' }, fmtInt(n.documents)),
    h('td', {}, (n.languages || []).join(', ')),
    h('td', { class: 'n' }, fmtInt((n.outlets || []).length)),
    h('td', {}, n.first_date || ''),
    h('td', {}, n.last_date || ''));
}

/** Rows of top-level narratives (most documents first, children counted in) with their children. */
function treeRows(items) {
  const ids = new Set(items.map((n) => n.id));
  const children = new Map();
  const tops = [];
  for (const n of items) {
    if (n.parent && ids.has(n.parent)) {
      if (!children.has(n.parent)) children.set(n.parent, []);
      children.get(n.parent).push(n);
    } else {
      tops.push(n);
    }
  }
  const total = (n) => n.documents + (children.get(n.id) || []).reduce((s, c) => s + c.documents, 0);
  tops.sort((a, b) => total(b) - total(a) || String(a.id).localeCompare(String(b.id)));
  return tops.flatMap((t) => [row(t, false), ...(children.get(t.id) || []).map((c) => row(c, true))]);
}

function catalogTable(items) {
  if (!items.length) {
    return h('p', { class: 'muted' }, 'No document matches a catalog narrative yet: run narrascope narratives to match the corpus.');
  }
  return h('table', { class: 'docs narratives-table' },
    h('thead', {}, h('tr', {}, ['Narrative', 'Documents', 'Languages', 'Outlets', 'First seen', 'Last seen'].map((t) => h('th', {}, t)))),
    h('tbody', {}, treeRows(items)));
}

function linksLine(links) {
  const kinds = Object.entries(links.by_kind || {}).map(([k, n]) => `${fmtInt(n)} ${k.replace(/_/g, ' ')}`);
  return h('p', { class: 'lineage-summary' },
    `Lineage: ${fmtInt(links.total)} links between documents`, kinds.length ? ` (${kinds.join(', ')})` : '',
    '. A narrative page lists the links among its documents.');
}

function discoveredTable(items) {
  if (!items.length) return h('p', { class: 'muted' }, 'No recurring claim outside the catalogs was found.');
  return h('table', { class: 'docs discovered-table' },
    h('thead', {}, h('tr', {}, ['Claim', 'Documents', 'Languages', 'First seen', 'Example'].map((t) => h('th', {}, t)))),
    h('tbody', {}, items.map((d) => {
      const rep = (d.representatives || [])[0];
      return h('tr', {},
        h('td', {}, link(narrativeRoute(d.id), d.label || d.id), h('div', { class: 'id muted' }, d.id)),
        h('td', { class: 'n' }, fmtInt(d.documents)),
        h('td', {}, (d.languages || []).join(', ')),
        h('td', {}, d.first_seen ? String(d.first_seen) : ''),
        h('td', { class: 'example' }, rep ? `“${clip(rep.sentence, 160)}”` : ''));
    })));
}

export async function narrativesPage() {
  const v = await api('/api/narratives');
  const found = v.narratives.filter((n) => n.documents > 0 && n.catalog).length;
  return h('section', { class: 'narratives' },
    h('h1', {}, 'Narratives'),
    h('p', { class: 'muted' },
      `${fmtInt(found)} of ${fmtInt(v.catalog_narratives)} catalog narratives found in ${fmtInt(v.documents)} documents.`),
    h('section', { class: 'card' }, h('h2', {}, 'Catalog narratives'), catalogTable(v.narratives), linksLine(v.links)),
    h('section', { class: 'card' },
      h('h2', {}, `Discovered (${fmtInt(v.discovered.length)})`),
      h('p', { class: 'muted' }, 'Claims that recur across documents and that no catalog narrative covers.'),
      discoveredTable(v.discovered)));
}
