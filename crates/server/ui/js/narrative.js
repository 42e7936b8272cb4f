// One narrative: what it says, when it was first seen, a timeline, its documents with the
// evidence sentences, and the lineage links among them.

import { api, h, link, fmtInt, claimKeyLinks } from './dom.js';
import { vbars, continuousMonths } from './charts.js';
import { narrativeRoute, clip } from './narratives.js';

const PAGE = 100;

function facts(d) {
  return [d.outlet, d.lang, d.date].filter(Boolean).join(', ');
}

function docLink(d) {
  return link('/doc/' + d.id, clip(d.title, 70) || d.id.slice(0, 12));
}

function header(n) {
  const def = n.definition;
  const disc = n.discovered;
  const title = def ? def.title : disc ? disc.label : n.id;
  const out = [h('h1', {}, title || n.id), h('p', { class: 'id muted' }, n.id)];
  if (def) {
    out.push(h('p', { class: 'description' }, def.description));
    if (def.parent) out.push(h('p', {}, 'Part of ', link(narrativeRoute(def.parent), def.parent_title || def.parent), '.'));
    if (def.catalog_title) out.push(h('p', { class: 'muted' }, `Catalog: ${def.catalog_title}`));
    if (def.children && def.children.length) {
      out.push(h('p', {}, 'Narrower narratives: ', def.children.flatMap((c, i) => [
        i ? ', ' : '', link(narrativeRoute(c.id), c.title), ` (${fmtInt(c.documents)})`])));
    }
  } else if (disc) {
    out.push(h('p', { class: 'description' }, 'Discovered over the corpus: documents sharing the claim ',
      h('code', {}, String(disc.key || '')), '. No catalog narrative covers it.'));
  } else {
    out.push(h('p', { class: 'muted' }, 'Stored matches name this narrative, but the shipped catalogs do not describe it.'));
  }
  return out;
}

function summary(n) {
  const first = n.first_seen;
  const rows = [
    ['Documents', fmtInt(n.documents_total)],
    ['Languages', (n.languages || []).join(', ') || '–'],
    ['Outlets', fmtInt((n.outlets || []).length)],
    ['Lineage links', fmtInt(n.links.length)],
    ['First seen', first ? [first.date || 'undated', ' in ', docLink(first), ` (${[first.outlet, first.lang].filter(Boolean).join(', ') || 'no outlet or language'})`] : '–'],
  ];
  return h('section', { class: 'card' }, h('table', { class: 'meta' },
    h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))))));
}

function timeline(n) {
  const months = continuousMonths(n.timeline.map((m) => ({ value: m.month, count: m.count })));
  return vbars(months, { title: `Documents by month${n.undated ? `; ${n.undated} undated` : ''}` });
}

function evidenceItem(e) {
  const why = e.claim_key ? ['claim ', claimKeyLinks(e.claim_key)]
    : e.similarity !== null && e.similarity !== undefined ? `similarity ${Number(e.similarity).toFixed(2)}` : '';
  return h('li', {},
    h('mark', { class: 'evidence' }, e.text || `(sentence ${e.sentence + 1} is not in the stored text)`),
    why ? h('span', { class: 'why muted' }, ' ', why) : null);
}

function documentItem(d, discovered) {
  // A discovered narrative has members, not scored matches.
  const score = discovered ? null : `score ${Number(d.score).toFixed(2)}`;
  const about = [d.outlet, d.lang, d.date || 'undated', score].filter(Boolean).join(' · ');
  return h('li', { class: 'narrative-doc' },
    h('div', {}, link('/doc/' + d.id, d.title || '(untitled)'), ' ', h('span', { class: 'muted' }, about)),
    d.evidence.length
      ? h('ul', { class: 'evidence-list' }, d.evidence.map(evidenceItem))
      : h('p', { class: 'muted' }, discovered ? 'No stored claim of this document states it.' : 'No evidence sentence stored.'));
}

function pager(n) {
  if (n.documents_total <= n.documents.length) return null;
  const to = (o) => '#' + narrativeRoute(n.id) + (o > 0 ? `?offset=${o}` : '');
  const last = n.offset + n.documents.length;
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    n.offset > 0 ? h('a', { href: to(Math.max(0, n.offset - PAGE)) }, '← previous') : null,
    h('span', {}, `${fmtInt(n.offset + 1)}–${fmtInt(last)} of ${fmtInt(n.documents_total)}`),
    last < n.documents_total ? h('a', { href: to(last) }, 'next →') : null);
}

function lag(days) {
  if (days === null || days === undefined) return '';
  if (days === 0) return ', the same day';
  const n = Math.abs(days);
  return `, ${fmtInt(n)} day${n === 1 ? '' : 's'} ${days > 0 ? 'later' : 'earlier'}`;
}

function linkItem(l) {
  const end = (d) => [docLink(d), ` (${facts(d) || 'no outlet, language or date'})`];
  const scores = [
    l.jaccard !== null && l.jaccard !== undefined ? `word overlap ${Number(l.jaccard).toFixed(2)}` : null,
    l.alignment !== null && l.alignment !== undefined ? `aligned sentences ${Number(l.alignment).toFixed(2)}` : null,
  ].filter(Boolean).join(', ');
  return h('li', {}, end(l.source), ' → ', end(l.target), ' ',
    h('strong', { class: 'kind' }, String(l.kind).replace(/_/g, ' ')), lag(l.lag_days),
    scores ? h('span', { class: 'muted' }, ` (${scores})`) : null);
}

export async function narrativePage(id, params) {
  const offset = Number(params.get('offset')) > 0 ? Math.floor(Number(params.get('offset'))) : 0;
  const n = await api(`/api/narratives/${encodeURIComponent(id)}?limit=${PAGE}&offset=${offset}`);
  return h('article', { class: 'narrative' },
    h('p', { class: 'crumbs' }, link('/narratives', '← Narratives')),
    header(n),
    h('div', { class: 'grid' }, summary(n), timeline(n)),
    h('section', { class: 'card' },
      h('h2', {}, `Documents and evidence (${fmtInt(n.documents_total)})`),
      pager(n),
      n.documents.length
        ? h('ol', { class: 'narrative-docs' }, n.documents.map((d) => documentItem(d, n.kind === 'discovered')))
        : h('p', { class: 'muted' }, 'No document carries this narrative yet.')),
    h('section', { class: 'card lineage' },
      h('h2', {}, `Lineage among these documents (${fmtInt(n.links.length)})`),
      n.links.length
        ? h('ul', {}, n.links.map(linkItem))
        : h('p', { class: 'muted' }, 'No copy, translation or rewrite links among these documents.')));
}
