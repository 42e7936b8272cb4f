// Dashboard: corpus totals, documents by language and over time, top outlets, recent additions.

import { api, h, link, fmtInt } from './dom.js';
import { hbars, vbars, continuousMonths } from './charts.js';

function filterHref(key, value) {
  return '#/documents?' + new URLSearchParams({ [key]: value }).toString();
}

export async function dashboard() {
  const [stats, recent] = await Promise.all([
    api('/api/stats'),
    api('/api/documents?order=ingested&limit=8'),
  ]);
  const known = (c) => c.value !== 'unknown';
  const byLang = stats.by_language.slice(0, 12).map((c) => ({
    label: c.value, value: c.count, href: known(c) ? filterHref('lang', c.value) : null,
  }));
  const months = continuousMonths(stats.by_month.filter(known));
  const undated = stats.by_month.filter((c) => !known(c)).reduce((n, c) => n + c.count, 0);
  const outlets = stats.by_outlet.slice(0, 10).map((c) => ({
    label: c.value, value: c.count, href: known(c) ? filterHref('outlet', c.value) : null,
  }));
  const formats = stats.by_format.map((c) => ({ label: c.value, value: c.count, href: filterHref('format', c.value) }));

  const totals = h('div', { class: 'totals' },
    [['documents', stats.documents], ['sources', stats.sources], ['sentences', stats.sentences],
      ['removals of debris', stats.removals]]
      .map(([label, n]) => h('div', { class: 'card total' }, h('strong', {}, fmtInt(n)), h('span', {}, label))));

  const recentList = recent.items.length
    ? h('ol', { class: 'recent' }, recent.items.map((d) => h('li', {},
      link('/doc/' + d.id, d.title || '(untitled)'), ' ',
      h('span', { class: 'muted' }, [d.outlet, d.date, d.lang].filter(Boolean).join(' · ')))))
    : h('p', { class: 'muted' }, 'No documents yet: run narrascope ingest, or use the Analyze page.');

  return h('section', { class: 'dashboard' },
    h('h1', {}, 'Dashboard'),
    totals,
    h('div', { class: 'grid' },
      hbars(byLang, { title: 'Documents by language' }),
      vbars(months, { title: `Documents over time (by month${undated ? `; ${undated} undated` : ''})` }),
      hbars(outlets, { title: 'Top outlets' }),
      hbars(formats, { title: 'Documents by source format' }),
    ),
    h('section', { class: 'card' }, h('h2', {}, 'Recent additions'), recentList),
  );
}
