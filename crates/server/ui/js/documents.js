// Documents list with filters; the filters live in the URL so a view can be bookmarked.

import { api, h, link, fmtInt } from './dom.js';

const FORMATS = ['text', 'markdown', 'html', 'jsonl', 'csv', 'warc', 'feed', 'telegram'];
const FILTERS = ['lang', 'outlet', 'format', 'from', 'to', 'q', 'order'];
const PAGE = 50;

function select(name, label, values, current) {
  return h('label', {}, label,
    h('select', { name },
      h('option', { value: '' }, 'any'),
      values.map((v) => h('option', { value: v, selected: v === current }, v))));
}

function input(name, label, attrs, current) {
  return h('label', {}, label, h('input', { name, value: current || '', ...attrs }));
}

function go(params) {
  const clean = new URLSearchParams();
  for (const [k, v] of params) if (v) clean.set(k, v);
  location.hash = '#/documents' + (clean.toString() ? '?' + clean : '');
}

function form(params, stats) {
  const langs = stats.by_language.map((c) => c.value).filter((v) => v !== 'unknown');
  const outlets = stats.by_outlet.map((c) => c.value).filter((v) => v !== 'unknown');
  const f = h('form', { class: 'filters card', role: 'search' },
    input('q', 'Text contains', { type: 'search', placeholder: 'words…' }, params.get('q')),
    select('lang', 'Language', langs, params.get('lang')),
    select('outlet', 'Outlet', outlets, params.get('outlet')),
    select('format', 'Format', FORMATS, params.get('format')),
    input('from', 'From month', { type: 'month', placeholder: 'YYYY-MM' }, params.get('from')),
    input('to', 'To month', { type: 'month', placeholder: 'YYYY-MM' }, params.get('to')),
    h('label', {}, 'Order', h('select', { name: 'order' },
      [['date', 'newest date'], ['ingested', 'recently added'], ['id', 'id']]
        .map(([v, t]) => h('option', { value: v, selected: (params.get('order') || 'date') === v }, t)))),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit' }, 'Filter'),
      h('button', { type: 'button', onclick: () => go([]) }, 'Clear')));
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    go(new FormData(f).entries());
  });
  return f;
}

function table(page) {
  if (!page.items.length) return h('p', { class: 'muted' }, 'No document matches these filters.');
  return h('table', { class: 'docs' },
    h('thead', {}, h('tr', {}, ['Title', 'Outlet', 'Date', 'Lang', 'Format', 'Sentences'].map((t) => h('th', {}, t)))),
    h('tbody', {}, page.items.map((d) => h('tr', {},
      h('td', {}, link('/doc/' + d.id, d.title || '(untitled)'), h('div', { class: 'id muted' }, d.id)),
      h('td', {}, d.outlet || ''), h('td', {}, d.date || ''), h('td', {}, d.lang || ''),
      h('td', {}, d.format), h('td', { class: 'n' }, fmtInt(d.sentences))))));
}

function pager(params, page) {
  const offset = page.offset;
  const to = (o) => {
    const p = new URLSearchParams(params);
    if (o > 0) p.set('offset', String(o)); else p.delete('offset');
    return '#/documents?' + p.toString();
  };
  const last = Math.min(page.total, offset + page.items.length);
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    offset > 0 ? h('a', { href: to(Math.max(0, offset - PAGE)) }, '← previous') : null,
    h('span', {}, page.total ? `${fmtInt(offset + 1)}–${fmtInt(last)} of ${fmtInt(page.total)}` : '0 documents'),
    last < page.total ? h('a', { href: to(offset + PAGE) }, 'next →') : null);
}

export async function documents(params) {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (params.get(k)) q.set(k, params.get(k));
  if (params.get('offset')) q.set('offset', params.get('offset'));
  q.set('limit', String(PAGE));
  const [stats, page] = await Promise.all([api('/api/stats'), api('/api/documents?' + q.toString())]);
  return h('section', { class: 'documents' },
    h('h1', {}, 'Documents'),
    form(params, stats),
    pager(params, page),
    table(page));
}
