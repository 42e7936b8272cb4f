// The workbench shell: a hash router that renders one page into <main id="view">.

import { errorBox } from './dom.js';
import { dashboard } from './dashboard.js';
import { documents } from './documents.js';
import { documentPage } from './document.js';
import { analyzePage } from './analyze.js';
import { narrativesPage } from './narratives.js';
import { narrativePage } from './narrative.js';
import { actorsPage } from './actors.js';
import { actorPage } from './actor.js';
import { techniquesPage } from './techniques.js';
import { sourcesPage } from './sources.js';
import { searchPage } from './search.js';

const view = document.getElementById('view');

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  const doc = path.match(/^\/doc\/([0-9a-fA-F]{4,16})$/);
  const narrative = path.match(/^\/narrative\/(.+)$/);
  const actor = path.match(/^\/actor\/(.+)$/);
  if (path === '/') return ['dashboard', () => dashboard()];
  if (path === '/documents') return ['documents', () => documents(params)];
  if (path === '/analyze') return ['analyze', () => analyzePage()];
  if (path === '/narratives') return ['narratives', () => narrativesPage()];
  if (path === '/actors') return ['actors', () => actorsPage()];
  if (path === '/techniques') return ['techniques', () => techniquesPage(params)];
  if (path === '/sources') return ['sources', () => sourcesPage()];
  if (path === '/search') return ['search', () => searchPage(params)];
  if (actor) return ['actors', () => actorPage(decodeURIComponent(actor[1]))];
  if (doc) return ['documents', () => documentPage(doc[1])];
  if (narrative) return ['narratives', () => narrativePage(decodeURIComponent(narrative[1]), params)];
  return [null, async () => { throw new Error(`no page '${hash}'`); }];
}

let generation = 0;

async function render() {
  const mine = ++generation;
  const [nav, page] = route();
  for (const a of document.querySelectorAll('[data-nav]')) {
    a.classList.toggle('active', a.dataset.nav === nav);
  }
  view.setAttribute('aria-busy', 'true');
  let content;
  try {
    content = await page();
  } catch (err) {
    content = errorBox(err);
  }
  // A slower, older page must not replace a newer one.
  if (mine !== generation) return;
  view.replaceChildren(content);
  view.removeAttribute('aria-busy');
  view.dataset.page = nav || 'none';
}

window.addEventListener('hashchange', render);
render();
