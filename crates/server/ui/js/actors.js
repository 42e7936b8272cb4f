// Actors: the most mentioned actors with their names per language, linked to their pages.

import { api, h, fmtInt, actorLink, emptyState } from './dom.js';

/** "name ×n" per language, most frequent first: {lang: [surface, …]}. */
export function namesByLang(surfaces) {
  const by = new Map();
  for (const s of surfaces || []) {
    const lang = s.lang || '?';
    if (!by.has(lang)) by.set(lang, []);
    by.get(lang).push(s);
  }
  return [...by.entries()];
}

function namesCell(surfaces) {
  return namesByLang(surfaces).slice(0, 6).map(([lang, names]) => h('div', { class: 'names' },
    h('span', { class: 'lang' }, lang), ' ',
    names.slice(0, 4).map((s, i) => [i ? ', ' : '', s.surface, h('span', { class: 'muted' }, ` ×${s.count}`)])));
}

export async function actorsPage() {
  const data = await api('/api/actors?limit=200');
  const items = data.items || [];
  const table = h('table', { class: 'docs actors-table' },
    h('thead', {}, h('tr', {}, ['Actor', 'Type', 'Mentions', 'Documents', 'Names by language'].map((c) => h('th', {}, c)))),
    h('tbody', {}, items.map((a) => h('tr', {},
      h('td', {}, actorLink(a.entity, a.label), h('div', { class: 'id muted' }, a.entity)),
      h('td', {}, a.type || ''),
      h('td', { class: 'n' }, fmtInt(a.mentions)),
      h('td', { class: 'n' }, fmtInt(a.documents)),
      h('td', {}, namesCell(a.surfaces))))));
  return h('section', { class: 'actors' },
    h('h1', {}, 'Actors'),
    items.length ? table : emptyState('No linked actor yet.', 'narrascope ingest'));
}
