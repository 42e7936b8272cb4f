// Document page: metadata, sources, the text with sentence boundaries and toggleable
// highlight layers, and the removed debris on demand.

import { api, h, link } from './dom.js';
import { KNOWN_LAYERS, layerInfo, renderText, renderMarked } from './layers.js';
import { provenanceCard, framingsCard, actorsCard } from './rhetoric.js';

function dateText(d) {
  if (!d) return null;
  const origin = d.origin && d.origin.kind === 'source' ? `source field ${d.origin.field}`
    : d.origin && d.origin.kind === 'text' ? `found in the text (${d.origin.rule})` : '';
  return `${d.value} (${d.precision}${origin ? '; ' + origin : ''})`;
}

function metaTable(doc) {
  const m = doc.meta || {};
  const lang = doc.lang ? `${doc.lang.code} (confidence ${Number(doc.lang.confidence).toFixed(2)})` : null;
  const rows = [
    ['Id', doc.id], ['Outlet', m.outlet], ['Author', m.author], ['Date', dateText(m.date)],
    ['URL', m.url], ['Language', lang], ['Declared language', m.declared_lang],
    ['Format', doc.source && doc.source.format], ['Ingested', doc.ingested_at],
    ['Sentences', String((doc.sentences || []).length)],
    ...Object.entries(m.extra || {}),
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  // URLs are shown as text, never as links: nothing from a document loads by itself.
  return h('table', { class: 'meta' }, h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, String(v))))));
}

function sourcesList(doc) {
  const sources = doc.sources || [];
  return h('section', { class: 'card sources' },
    h('h2', {}, `Sources (${sources.length})`),
    h('ul', {}, sources.map((s) => h('li', {}, s.path, s.locator ? ` (${s.locator})` : '', ' ', h('span', { class: 'muted' }, `[${s.format}]`)))));
}

function removalsSection(doc) {
  const removals = doc.removals || [];
  const body = h('div', { class: 'removals-body' });
  const details = h('details', { class: 'card removals' },
    h('summary', {}, `Removed debris (${removals.length})`), body);
  details.addEventListener('toggle', () => {
    if (!details.open || body.childElementCount) return;
    if (!removals.length) { body.append(h('p', { class: 'muted' }, 'Nothing was removed.')); return; }
    body.append(
      h('table', { class: 'meta' }, h('thead', {}, h('tr', {}, h('th', {}, 'Line'), h('th', {}, 'Rule'), h('th', {}, 'Text'))),
        h('tbody', {}, removals.map((r) => h('tr', {}, h('td', {}, String(r.line)), h('td', {}, r.rule), h('td', {}, r.text))))),
      h('h3', {}, 'Raw text with removals marked'),
      renderMarked(doc.raw, removals.map((r) => ({ ...r.raw_span, rule: r.rule })), 'removed', (s) => `removed: ${s.rule}`));
  });
  return details;
}

function narrativesCard(doc) {
  // Only stored documents carry narrative matches; the Analyze page has none to show.
  if (!Array.isArray(doc.narratives)) return null;
  const list = doc.narratives;
  return h('section', { class: 'card doc-narratives' },
    h('h2', {}, `Narratives (${list.length})`),
    list.length
      ? h('ul', {}, list.map((n) => h('li', {},
        link('/narrative/' + encodeURIComponent(n.narrative), n.title || n.narrative), ' ',
        h('span', { class: 'muted' }, `score ${Number(n.score).toFixed(2)}, ${n.evidence.length} evidence sentence${n.evidence.length === 1 ? '' : 's'}`))))
      : h('p', { class: 'muted' }, 'No narrative matched (or narratives were not run).'));
}

/** The analysis view of one document (also used by the Analyze page). */
export function renderAnalysis(doc) {
  const layers = doc.layers || {};
  const active = new Set(Object.keys(layers).filter((k) => (layers[k] || []).length));
  const textBox = h('div', { class: 'text-box' });
  const draw = () => textBox.replaceChildren(renderText(doc, active));
  const sentToggle = h('input', { type: 'checkbox', 'data-layer': 'sentences' });
  sentToggle.addEventListener('change', () => textBox.classList.toggle('show-sents', sentToggle.checked));
  const keys = [...new Set([...KNOWN_LAYERS.map((l) => l.key), ...Object.keys(layers)])];
  const legend = h('fieldset', { class: 'legend' }, h('legend', {}, 'Layers'),
    h('label', {}, sentToggle, h('span', { class: 'swatch l-sents' }), 'Sentence boundaries'),
    keys.map((key) => {
      const info = layerInfo(key);
      const count = Array.isArray(layers[key]) ? layers[key].length : null;
      const box = h('input', { type: 'checkbox', 'data-layer': key, checked: active.has(key), disabled: !count });
      box.addEventListener('change', () => { if (box.checked) active.add(key); else active.delete(key); draw(); });
      const note = count === null ? 'not analysed yet' : String(count);
      return h('label', { class: count ? '' : 'muted' }, box, h('span', { class: 'swatch ' + info.cls }), `${info.label} (${note})`);
    }));
  draw();
  return h('article', { class: 'document' },
    h('h1', {}, (doc.meta && doc.meta.title) || '(untitled)'),
    h('div', { class: 'doc-grid' },
      h('div', { class: 'doc-main' }, legend, textBox),
      h('aside', { class: 'doc-side' }, h('section', { class: 'card' }, h('h2', {}, 'Metadata'), metaTable(doc)),
        provenanceCard(doc), narrativesCard(doc), actorsCard(doc), framingsCard(doc), sourcesList(doc))),
    removalsSection(doc));
}

export async function documentPage(id) {
  const doc = await api('/api/documents/' + encodeURIComponent(id));
  return renderAnalysis(doc);
}
