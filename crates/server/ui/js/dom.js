// DOM helpers. Document text is untrusted: it only ever enters the page as text nodes or
// attribute values set here, never as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function fill(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.setAttribute('class', v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k.startsWith('on')) throw new Error('event handlers must be functions');
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** An HTML element: h('a', {href: '#/'}, 'text', child, ...). */
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function svg(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Fetches JSON from the API; a failure throws an Error carrying the server's message. */
export async function api(path, options) {
  const res = await fetch(path, options);
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    throw new Error((body && body.error) || `${res.status} ${res.statusText}`);
  }
  return body;
}

/** A page link inside the workbench (hash routes only). */
export function link(route, ...children) {
  return h('a', { href: '#' + route }, ...children);
}

export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, String(err && err.message ? err.message : err));
}

export function fmtInt(n) {
  return Number(n || 0).toLocaleString('en');
}

/** A link to an actor's page, showing its label when known and its id otherwise. */
export function actorLink(id, label) {
  return link('/actor/' + encodeURIComponent(id), label || id);
}

/** A paragraph saying what is missing and which command fills it. */
export function emptyState(what, command) {
  return h('p', { class: 'muted empty' }, `${what} Run `, h('code', {}, command), ' to fill it.');
}

/** A claim key "S relation O" with its subject and object linked to their actor pages. */
export function claimKeyLinks(key, labels) {
  const words = String(key || '').split(' ');
  if (words.length < 3) return h('code', {}, String(key || ''));
  const who = (id) => actorLink(id, (labels || {})[id]);
  return h('span', { class: 'claim-key' }, who(words[0]), ' ', h('strong', {}, words.slice(1, -1).join(' ')), ' ', who(words[words.length - 1]));
}

/** "1 document", "3 documents". */
export function plural(n, word) {
  return `${fmtInt(n)} ${word}${Number(n) === 1 ? '' : 's'}`;
}
