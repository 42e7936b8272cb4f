// Search: a query in words or by meaning (any language), filters, facet counts that narrow
// the result set, and ranked hits with the matching passage highlighted.

import { api, h, link, fmtInt, plural } from './dom.js';

const MODES = [
  ['full_text', 'Words'],
  ['semantic', 'Meaning (any language)'],
  ['hybrid', 'Words + meaning'],
];
const FILTERS = ['lang', 'since', 'until', 'outlet', 'format', 'actor', 'claim', 'narrative', 'technique'];
const FACETS = [
  ['lang', 'Language'], ['year', 'Year'], ['outlet', 'Outlet'], ['format', 'Format'],
  ['actor', 'Actors'], ['claim', 'Claims'], ['narrative', 'Narratives'], ['technique', 'Techniques'],
];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The snippet with its highlight ranges (byte offsets) wrapped in <mark>. */
function marked(snippet, highlights) {
  const bytes = encoder.encode(snippet || '');
  const out = [];
  let at = 0;
  const spans = (highlights || [])
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= at && s.start < s.end && s.end <= bytes.length)
    .sort((a, b) => a.start - b.start);
  for (const s of spans) {
    if (s.start < at) continue;
    out.push(decoder.decode(bytes.subarray(at, s.start)));
    out.push(h('mark', {}, decoder.decode(bytes.subarray(s.start, s.end))));
    at = s.end;
  }
  out.push(decoder.decode(bytes.subarray(at)));
  return out;
}

function searchHash(params) {
  const p = new URLSearchParams();
  for (const [k, v] of params) if (v) p.set(k, v);
  return '#/search?' + p.toString();
}

/** The search narrowed to one facet value (a year narrows the date range). */
function withParam(params, key, value) {
  const p = new URLSearchParams(params);
  if (key === 'year') { p.set('since', value); p.set('until', value); } else p.set(key, value);
  return searchHash(p);
}

function withoutParam(params, key) {
  const p = new URLSearchParams(params);
  p.delete(key);
  return searchHash(p);
}

function form(params) {
  const input = h('input', { type: 'search', name: 'q', value: params.get('q') || '', placeholder: 'e.g. the United States arms the Islamic State', 'aria-label': 'Query', required: true, class: 'search-q' });
  const mode = h('select', { name: 'mode', 'aria-label': 'Rank by' },
    MODES.map(([v, label]) => h('option', { value: v, selected: (params.get('mode') || 'full_text') === v }, label)));
  const small = (name, placeholder) => h('input', { name, value: params.get(name) || '', placeholder, 'aria-label': placeholder, class: 'search-filter' });
  const f = h('form', { class: 'search-form card', role: 'search' },
    h('div', { class: 'search-row' }, input, mode, h('button', { type: 'submit' }, 'Search')),
    h('div', { class: 'search-row' },
      small('lang', 'language (fr)'), small('since', 'since (2020-01)'), small('until', 'until (2024)'), small('outlet', 'outlet')));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams(params);
    for (const el of f.elements) if (el.name) p.set(el.name, el.value.trim());
    location.hash = searchHash(p);
  });
  return f;
}

function activeFilters(params, labels) {
  const chips = FILTERS.filter((k) => params.get(k)).map((k) => {
    const v = params.get(k);
    const shown = k === 'actor' ? (labels[v] || v) : v;
    return h('a', { class: 'chip', href: withoutParam(params, k), title: 'Remove this filter' }, `${k}: ${shown} ✕`);
  });
  return chips.length ? h('p', { class: 'chips' }, 'Filters: ', chips) : null;
}

function facetList(params, key, title, values, labels) {
  if (!values || !values.length) return null;
  const shown = (v) => (key === 'actor' ? labels[v] || v : key === 'claim' ? claimText(v, labels) : v);
  return h('section', { class: 'facet' }, h('h3', {}, title),
    h('ul', {}, values.map((c) => h('li', {},
      h('a', { href: withParam(params, key, c.value), 'data-facet': key }, shown(c.value)),
      ' ', h('span', { class: 'muted' }, fmtInt(c.count))))));
}

function claimText(key, labels) {
  const w = String(key).split(' ');
  if (w.length < 3) return key;
  return `${labels[w[0]] || w[0]} ${w.slice(1, -1).join(' ')} ${labels[w[w.length - 1]] || w[w.length - 1]}`;
}

function hit(x) {
  const meta = [x.outlet, x.date, x.lang].filter(Boolean).join(' · ');
  return h('li', { class: 'hit', 'data-lang': x.lang || '' },
    h('div', {}, link('/doc/' + x.id, x.title || x.id), ' ', h('span', { class: 'muted' }, meta)),
    h('p', { class: 'snippet', lang: x.lang || null }, marked(x.snippet, x.highlights)),
    h('p', { class: 'muted small' }, `score ${Number(x.score).toFixed(3)}`));
}

export async function searchPage(params) {
  const head = [h('h1', {}, 'Search'), form(params)];
  const q = (params.get('q') || '').trim();
  if (!q) {
    return h('section', { class: 'search-page' }, head,
      h('p', { class: 'muted' }, 'Words search the text in its own language (stems and accents folded); meaning finds documents in every language that say the same thing.'));
  }
  const p = new URLSearchParams();
  p.set('q', q);
  for (const k of ['mode', ...FILTERS]) if (params.get(k)) p.set(k, params.get(k));
  p.set('limit', '20');
  const data = await api('/api/search?' + p.toString());
  const labels = data.actor_labels || {};
  const facets = FACETS.map(([k, title]) => facetList(params, k, title, data.facets[k], labels)).filter(Boolean);
  const summary = h('p', { class: 'result-count' }, `${plural(data.total, 'document')} match`,
    data.pending ? h('span', { class: 'muted' }, ` (${fmtInt(data.pending)} stored documents are still being indexed)`) : null);
  return h('section', { class: 'search-page' }, head, activeFilters(params, labels),
    h('div', { class: 'search-layout' },
      h('aside', { class: 'facets card', 'aria-label': 'Facets' }, facets.length ? facets : h('p', { class: 'muted' }, 'No facets.')),
      h('div', { class: 'results' }, summary,
        data.hits.length ? h('ol', { class: 'hits' }, data.hits.map(hit)) : h('p', { class: 'muted' }, 'No document matches.'))));
}
