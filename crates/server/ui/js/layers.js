// Renders a document's text with sentence boundaries and highlight layers. Spans are byte
// offsets into the UTF-8 text, so the text is cut as bytes and every piece decoded back.

import { h } from './dom.js';

/** Layers the UI knows by name; any other layer in the data is drawn with a default look. */
export const KNOWN_LAYERS = [
  { key: 'actors', label: 'Actors', cls: 'l-actors' },
  { key: 'claims', label: 'Claims', cls: 'l-claims' },
  { key: 'narratives', label: 'Narratives', cls: 'l-narratives' },
  { key: 'techniques', label: 'Techniques', cls: 'l-techniques' },
  { key: 'cited_sources', label: 'Cited sources', cls: 'l-sources' },
  { key: 'traces', label: 'Provenance traces', cls: 'l-traces' },
];

export function layerInfo(key) {
  return KNOWN_LAYERS.find((l) => l.key === key) || { key, label: key.replace(/_/g, ' '), cls: 'l-other' };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function validSpan(s, n) {
  return s && Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start < s.end && s.end <= n;
}

/** Cut points of `spans` within [0, n], sorted. */
function cuts(spans, n) {
  const set = new Set([0, n]);
  for (const s of spans) if (validSpan(s, n)) { set.add(s.start); set.add(s.end); }
  return [...set].sort((a, b) => a - b);
}

function covering(spans, a, b) {
  return spans.filter((s) => s.start <= a && b <= s.end);
}

/**
 * The normalised text as paragraphs of sentence spans, with the marks of the active layers.
 * doc: {text, paragraphs, sentences, layers}; active: Set of layer keys.
 */
export function renderText(doc, active) {
  const bytes = encoder.encode(doc.text || '');
  const n = bytes.length;
  const paras = (doc.paragraphs || []).map((p) => p.span).filter((s) => validSpan(s, n));
  const sents = (doc.sentences || []).map((s, i) => ({ ...s.span, i })).filter((s) => validSpan(s, n));
  const marks = [];
  for (const [key, anns] of Object.entries(doc.layers || {})) {
    if (!active.has(key) || !Array.isArray(anns)) continue;
    for (const a of anns) if (validSpan(a, n)) marks.push({ ...a, key });
  }
  const points = cuts([...paras, ...sents, ...marks], n);
  const root = h('div', { class: 'doc-text' });
  let para = null; let paraSpan = null;
  let sent = null; let sentSpan = null;
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k]; const b = points[k + 1];
    const text = decoder.decode(bytes.subarray(a, b));
    const p = paras.find((s) => s.start <= a && b <= s.end) || null;
    if (!p && !paras.length) {
      // No paragraph data: one paragraph for the whole text.
      if (!para) { para = h('p'); root.append(para); }
    } else if (p !== paraSpan) {
      paraSpan = p; sent = null; sentSpan = null;
      if (!p) { if (text.trim()) root.append(h('p', { class: 'between' }, text)); para = null; continue; }
      para = h('p'); root.append(para);
    } else if (!p) {
      if (text.trim()) root.append(h('p', { class: 'between' }, text));
      continue;
    }
    const s = sents.find((x) => x.start <= a && b <= x.end) || null;
    if (s !== sentSpan) {
      sentSpan = s;
      sent = s ? h('span', { class: 'sent', 'data-n': String(s.i + 1) }) : null;
      if (sent) para.append(sent);
    }
    const here = covering(marks, a, b);
    let piece = text;
    if (here.length) {
      const classes = [...new Set(here.map((m) => layerInfo(m.key).cls))];
      const title = here.map((m) => `${layerInfo(m.key).label}: ${m.label || ''}`).join('\n');
      piece = h('mark', { class: 'layer ' + classes.join(' '), title }, text);
    }
    (sent || para).append(piece);
  }
  return root;
}

/** `text` with the byte spans in `spans` wrapped in <mark class=cls> carrying `title(span)`. */
export function renderMarked(text, spans, cls, title) {
  const bytes = encoder.encode(text || '');
  const n = bytes.length;
  const valid = spans.filter((s) => validSpan(s, n));
  const points = cuts(valid, n);
  const out = h('pre', { class: 'raw' });
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k]; const b = points[k + 1];
    const piece = decoder.decode(bytes.subarray(a, b));
    const hit = valid.find((s) => s.start <= a && b <= s.end);
    out.append(hit ? h('mark', { class: cls, title: title(hit) }, piece) : piece);
  }
  return out;
}
