// Techniques: persuasion techniques by family with their counts and example spans, each
// linking to its document; one technique's spans with ?technique=NAME.

import { api, h, link, plural, emptyState } from './dom.js';

function techniqueRoute(t) {
  return '/techniques?' + new URLSearchParams({ technique: t }).toString();
}

function hitItem(x) {
  return h('li', { class: 'hit' },
    h('q', { class: 'span-text' }, x.text), ' ',
    link('/doc/' + x.doc_id, x.title || x.doc_id.slice(0, 8)), ' ',
    h('span', { class: 'muted' }, [x.outlet, x.lang, x.date, `score ${Number(x.score).toFixed(2)}`,
      (x.evidence || []).length ? `evidence ${x.evidence.join(', ')}` : null].filter(Boolean).join(' · ')));
}

function byFamily(list) {
  const by = new Map();
  for (const t of list) {
    if (!by.has(t.family)) by.set(t.family, []);
    by.get(t.family).push(t);
  }
  return [...by.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}

function familyCard([family, list]) {
  const spans = list.reduce((n, t) => n + t.spans, 0);
  return h('section', { class: 'card technique-family' },
    h('h2', {}, family, ' ', h('span', { class: 'muted' }, plural(spans, 'span'))),
    list.map((t) => h('div', { class: 'technique' },
      h('h3', {}, link(techniqueRoute(t.technique), t.technique), ' ',
        h('span', { class: 'muted' }, `${plural(t.spans, 'span')} in ${plural(t.documents, 'document')}; ${(t.languages || []).join(', ')}`)),
      h('ul', { class: 'hits' }, (t.examples || []).map(hitItem)))));
}

export async function techniquesPage(params) {
  const one = params.get('technique');
  const q = new URLSearchParams({ examples: '3' });
  if (one) { q.set('technique', one); q.set('limit', '200'); }
  const data = await api('/api/techniques?' + q.toString());
  if (!data.techniques.length) {
    return h('section', {}, h('h1', {}, 'Techniques'), emptyState('No technique spans yet.', 'narrascope techniques'));
  }
  if (one) {
    const hits = data.hits || [];
    return h('section', { class: 'techniques' },
      h('p', { class: 'crumbs' }, link('/techniques', 'All techniques')),
      h('h1', {}, one),
      hits.length ? h('ul', { class: 'hits' }, hits.map(hitItem)) : h('p', { class: 'muted' }, 'No span of this technique.'));
  }
  return h('section', { class: 'techniques' }, h('h1', {}, 'Techniques'), byFamily(data.techniques).map(familyCard));
}
