// One actor: names seen per language, roles across documents, claims with the actor as
// subject and as object (with their evidence sentences), and the actors it appears with.

import { api, h, link, actorLink, emptyState, claimKeyLinks, plural } from './dom.js';
import { hbars } from './charts.js';
import { namesByLang } from './actors.js';

function names(p) {
  const rows = namesByLang(p.surfaces).map(([lang, list]) => h('tr', {},
    h('th', {}, lang),
    h('td', {}, list.map((s, i) => [i ? ', ' : '', s.surface, h('span', { class: 'muted' }, ` ×${s.count}`)]))));
  return h('section', { class: 'card' }, h('h2', {}, 'Names seen, by language'),
    h('table', { class: 'meta' }, h('tbody', {}, rows)));
}

function roles(p) {
  if (!p.roles.length) {
    return h('section', { class: 'card' }, h('h2', {}, 'Roles across documents'),
      emptyState('No framing yet.', 'narrascope techniques'));
  }
  return hbars(p.roles.map((r) => ({ label: r.main_role, value: r.documents })),
    { title: 'Roles across documents (documents per main role)' });
}

function keyLine(k, labels) {
  return claimKeyLinks(k.key, labels);
}

function evidenceItem(e, labels) {
  const facts = [e.lang, e.polarity, e.modality, e.source ? `according to ${labels[e.source] || e.source}` : null];
  return h('li', {}, h('q', {}, e.text), ' ', link('/doc/' + e.doc_id, e.doc_id.slice(0, 8)), ' ',
    h('span', { class: 'muted' }, facts.filter(Boolean).join(', ')));
}

function keyItem(k, labels) {
  const counts = `${plural(k.claims, 'claim')} in ${plural(k.documents, 'document')} (${(k.langs || []).join(', ')})`;
  return h('li', {}, keyLine(k, labels), ' ', h('span', { class: 'muted' }, counts),
    h('ul', { class: 'evidence-list' }, (k.evidence || []).map((e) => evidenceItem(e, labels))));
}

function claimList(title, keys, labels) {
  const body = keys.length
    ? h('ul', { class: 'claim-keys' }, keys.map((k) => keyItem(k, labels)))
    : h('p', { class: 'muted' }, 'None.');
  return h('section', { class: 'card' }, h('h2', {}, title), body);
}

function coActors(p) {
  const list = p.co_actors || [];
  return h('section', { class: 'card' }, h('h2', {}, 'Appears with'),
    list.length
      ? h('ul', { class: 'co-actors' }, list.map((c) => h('li', {}, actorLink(c.entity, p.labels[c.entity]), ' ',
        h('span', { class: 'muted' }, plural(c.documents, 'document')))))
      : h('p', { class: 'muted' }, 'No other actor in its documents.'));
}

export async function actorPage(id) {
  const p = await api('/api/actors/' + encodeURIComponent(id));
  p.labels = p.labels || {};
  const facts = [p.type, `${plural(p.mentions, 'mention')} in ${plural(p.documents, 'document')}`].filter(Boolean).join(' · ');
  return h('article', { class: 'actor' },
    h('h1', {}, p.label || p.entity),
    h('p', { class: 'id muted' }, p.entity, ' · ', facts),
    p.description ? h('p', { class: 'description' }, p.description) : null,
    h('div', { class: 'grid' }, names(p), roles(p)),
    claimList('Claims with it as subject', p.as_subject, p.labels),
    claimList('Claims with it as object', p.as_object, p.labels),
    coActors(p));
}
