// Document side panels for the rhetoric and provenance stages: the provenance box
// (machine-translation score with its traces, genre), how the document frames each actor,
// and the actors it mentions, each linked to its page.

import { h, fmtInt, actorLink, emptyState } from './dom.js';

function pct(x) {
  return `${Math.round(Number(x || 0) * 100)}%`;
}

export function provenanceCard(doc) {
  // Pasted text on the Analyze page carries no stored provenance: nothing to say there.
  if (doc.provenance === undefined) return null;
  const p = doc.provenance;
  const card = h('section', { class: 'card provenance' }, h('h2', {}, 'Provenance'));
  if (!p) {
    card.append(emptyState('Not analysed yet.', 'narrascope sources'));
    return card;
  }
  const meter = h('meter', { min: '0', max: '1', value: String(Number(p.machine_translated || 0)) });
  const genre = p.genre ? `${p.genre.label} (${Number(p.genre.score).toFixed(2)})` : 'unknown';
  card.append(h('table', { class: 'meta' }, h('tbody', {},
    h('tr', {}, h('th', {}, 'Machine translation'), h('td', {}, meter, ' ', pct(p.machine_translated))),
    h('tr', {}, h('th', {}, 'Genre'), h('td', {}, genre)))));
  const traces = p.traces || [];
  card.append(traces.length
    ? h('details', {}, h('summary', {}, `Traces (${traces.length})`),
      h('ul', { class: 'traces' }, traces.map((t) => h('li', {},
        h('strong', {}, t.kind), ' ', t.text ? h('q', {}, t.text) : null, ' ',
        h('span', { class: 'muted' }, `${t.detail}; weight ${Number(t.weight).toFixed(2)}`)))))
    : h('p', { class: 'muted' }, 'No translation or scraping trace.'));
  return card;
}

export function framingsCard(doc) {
  if (doc.framings === undefined) return null;
  const list = doc.framings;
  const labels = doc.actor_labels || {};
  const card = h('section', { class: 'card framings' }, h('h2', {}, `Framings (${list ? list.length : 0})`));
  if (!list) card.append(emptyState('Not analysed yet.', 'narrascope techniques'));
  else if (!list.length) card.append(h('p', { class: 'muted' }, 'No actor is framed in a clear role.'));
  else {
    card.append(h('ul', {}, list.map((f) => h('li', {},
      actorLink(f.actor, f.label || labels[f.actor]), ': ', h('strong', {}, f.main_role),
      h('span', { class: 'muted' }, ` ${Number(f.score).toFixed(2)}`),
      (f.fine_roles || []).length
        ? h('div', { class: 'muted' }, f.fine_roles.map((r) => `${r.role} ${Number(r.score).toFixed(2)}`).join(', '))
        : null))));
  }
  return card;
}

/** The linked actors the document mentions, most mentions first. */
export function actorsCard(doc) {
  const counts = new Map();
  for (const m of doc.mentions || []) if (m.entity) counts.set(m.entity, (counts.get(m.entity) || 0) + 1);
  if (!counts.size) return null;
  const labels = doc.actor_labels || {};
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return h('section', { class: 'card doc-actors' }, h('h2', {}, `Actors (${sorted.length})`),
    h('ul', {}, sorted.map(([id, n]) => h('li', {}, actorLink(id, labels[id]), h('span', { class: 'muted' }, ` ×${fmtInt(n)}`)))));
}
