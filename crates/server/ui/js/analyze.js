// Analyze page: paste a text (or choose a file) and see its analysis, stored only on request.

import { h, api, errorBox } from './dom.js';
import { renderAnalysis } from './document.js';

export function analyzePage() {
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const text = h('textarea', { name: 'text', rows: 12, placeholder: 'Paste an article, a post or a transcript…' });
  const title = h('input', { name: 'title', placeholder: 'optional' });
  const url = h('input', { name: 'url', placeholder: 'optional' });
  const lang = h('input', { name: 'lang', placeholder: 'e.g. fr', size: 8 });
  const file = h('input', { type: 'file', name: 'file' });
  const store = h('input', { type: 'checkbox', name: 'store' });
  const button = h('button', { type: 'submit' }, 'Analyse');
  const form = h('form', { class: 'card analyze-form' },
    h('label', { class: 'wide' }, 'Text', text),
    h('div', { class: 'row' }, h('label', {}, 'Title', title), h('label', {}, 'URL', url), h('label', {}, 'Language', lang)),
    h('div', { class: 'row' }, h('label', {}, 'Or a file (HTML, text, JSONL, CSV, feed, WARC…)', file)),
    h('div', { class: 'row' }, h('label', { class: 'inline' }, store, ' Store the result in the corpus'), button));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    results.replaceChildren(h('p', { class: 'muted' }, 'Analysing…'));
    try {
      const q = new URLSearchParams();
      if (store.checked) q.set('store', 'true');
      let options;
      const chosen = file.files && file.files[0];
      if (chosen) {
        q.set('name', chosen.name);
        options = { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: chosen };
      } else {
        const payload = { text: text.value };
        for (const [k, el] of [['title', title], ['url', url], ['lang', lang]]) if (el.value.trim()) payload[k] = el.value.trim();
        options = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) };
      }
      const out = await api('/api/analyze?' + q.toString(), options);
      results.replaceChildren(
        ...out.errors.map((m) => h('p', { class: 'error' }, m)),
        ...out.documents.map((doc) => h('div', { class: 'result' },
          h('p', { class: 'muted' }, doc.stored ? `Stored (${doc.stored}) as ${doc.id}.` : `Not stored; id would be ${doc.id}.`),
          renderAnalysis(doc))));
    } catch (err) {
      results.replaceChildren(errorBox(err));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'analyze' }, h('h1', {}, 'Analyze a text'), form, results);
}
