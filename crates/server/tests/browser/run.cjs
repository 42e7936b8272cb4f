// Drives the workbench in headless chromium: dashboard, documents list, a document page,
// a hostile document, the narratives list, a narrative page, hostile narratives and the
// Analyze page. Screenshots go to SHOT_DIR.
// Usage: node run.cjs BASE_URL SHOT_DIR DOC_ID HOSTILE_ID EXPECTED_DOCS NARRATIVE_ID
//   DISCOVERED_ID HOSTILE_NARRATIVE_ID ACTOR_ID RHETORIC_DOC_ID SEMANTIC(yes|no)
// NARRASCOPE_NODE_MODULES names the node_modules folder holding playwright-core.
'use strict';
const path = require('path');
const { chromium } = require(path.join(process.env.NARRASCOPE_NODE_MODULES, 'playwright-core'));

const [base, shots, docId, hostileId, expectedDocs, narrativeId, discoveredId, hostileNarrative,
  actorId, rhetoricDocId, semantic] = process.argv.slice(2);
const rhetoricPages = require('./rhetoric.cjs');
const searchPage = require('./search.cjs');
const TITLE = 'narrascope workbench';
const problems = [];
const check = (ok, what) => { if (!ok) problems.push(what); };

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const origin = new URL(base).origin;
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', async (d) => { problems.push(`a dialog opened: ${d.message()}`); await d.dismiss(); });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('request', (r) => { if (!r.url().startsWith(origin)) problems.push(`request left the server: ${r.url()}`); });
  const shot = (name) => page.screenshot({ path: path.join(shots, name), fullPage: true });
  const view = (sel) => page.waitForSelector(`#view ${sel}`, { timeout: 15000 });

  // Dashboard.
  await page.goto(base + '/#/');
  await view('.dashboard svg.chart');
  const total = await page.textContent('.totals .total strong');
  check(total.trim() === expectedDocs, `dashboard shows ${total} documents, expected ${expectedDocs}`);
  check(await page.locator('svg.chart rect.bar').count() >= 4, 'dashboard draws bars');
  check(await page.locator('.recent li').count() >= 1, 'dashboard lists recent additions');
  await shot('dashboard.png');

  // Documents list and a filter.
  await page.goto(base + '/#/documents');
  await view('table.docs');
  check(await page.locator('table.docs tbody tr').count() === Number(expectedDocs), 'list shows every document');
  await page.selectOption('select[name=lang]', 'fr');
  await page.click('form.filters button[type=submit]');
  await page.waitForFunction(() => location.hash.includes('lang=fr'));
  await view('table.docs');
  const frRows = await page.locator('table.docs tbody tr').count();
  check(frRows >= 1 && frRows < Number(expectedDocs), `language filter narrows the list (${frRows} rows)`);
  await shot('documents.png');

  // A document page.
  await page.goto(base + '/#/doc/' + docId);
  await view('.doc-text .sent');
  const apiDoc = await (await page.request.get(base + '/api/documents/' + docId)).json();
  check(await page.locator('.doc-text .sent').count() === apiDoc.sentences.length, 'one element per sentence');
  check(await page.locator('.doc-narratives li').count() === 1, 'document lists its narrative');
  check(await page.locator('mark.l-narratives').count() >= 1, 'narratives layer drawn');
  await page.check('input[data-layer=sentences]');
  await page.click('details.removals summary');
  await shot('document.png');

  // The hostile document: every payload shows as text and nothing runs or loads.
  await page.goto(base + '/#/doc/' + hostileId);
  await view('.doc-text');
  await page.waitForTimeout(300);
  const h1 = await page.textContent('#view h1');
  check(h1.includes('onerror='), `hostile title shown as text: ${h1}`);
  const text = await page.textContent('.doc-text');
  check(text.includes('javascript:document.title'), 'hostile link payload shown as text');
  await page.click('details.removals summary');
  await page.waitForSelector('details.removals pre.raw');
  const raw = await page.textContent('details.removals');
  check(raw.includes('<script>') && raw.includes('onerror='), 'removed markup shown as text');
  check(await page.locator('#view script, #view img, #view iframe, #view a[href^="javascript"]').count() === 0,
    'no element created from document text');
  check(await page.locator('mark.l-sources').count() >= 1, 'cited-sources layer drawn');
  check(await page.title() === TITLE, `document title changed to ${await page.title()}`);
  await page.hover('mark.l-sources');
  await shot('hostile.png');

  // Narratives list: top-level narratives with their children, discovered ones below.
  const inert = async (what) => {
    check(await page.locator('#view script, #view img, #view iframe, #view a[href^="javascript"]').count() === 0,
      `no element created from stored text on ${what}`);
    check(await page.title() === TITLE, `${what}: title changed to ${await page.title()}`);
  };
  await page.goto(base + '/#/narratives');
  await view('table.narratives-table');
  await page.waitForTimeout(200);
  check(await page.locator('.narratives-table tr.child').count() >= 1, 'a child narrative is nested');
  check(await page.locator('.discovered-table tbody tr').count() === 1, 'the discovered narrative is listed');
  const listText = await page.textContent('#view');
  check(listText.includes('onerror=') && listText.includes('<script>'), 'hostile ids and labels shown as text');
  check(listText.includes('1 translation'), 'link counts by kind shown');
  await inert('the narratives list');
  await shot('narratives.png');

  // One narrative, reached from the list.
  await page.click(`.narratives-table a[href="#/narrative/${encodeURIComponent(narrativeId)}"]`);
  await view('.narrative-docs');
  check(await page.locator('.narrative-docs > li').count() === 3, 'narrative lists its documents');
  check(await page.locator('mark.evidence').count() === 4, 'evidence sentences highlighted');
  check(await page.locator('.narrative svg.chart rect.bar').count() >= 1, 'timeline drawn');
  const lineage = await page.textContent('.lineage');
  check(lineage.includes('translation') && lineage.includes('days later'), `lineage described: ${lineage}`);
  await inert('a narrative page');
  await shot('narrative.png');
  await page.click('.narrative-docs > li:first-child a[href^="#/doc/"]');
  await view('.doc-text');
  check(await page.locator('.doc-narratives li').count() === 1, 'evidence links to the document page');

  // Hostile narrative ids and discovered labels stay text.
  for (const id of [hostileNarrative, discoveredId]) {
    await page.goto(base + '/#/narrative/' + encodeURIComponent(id));
    await view('.narrative h1');
    await page.waitForTimeout(200);
    const h1n = await page.textContent('.narrative h1');
    check(h1n.includes('onerror=') || h1n.includes('<script>'), `hostile narrative title shown as text: ${h1n}`);
    await inert(`narrative ${id}`);
  }
  await shot('narrative-hostile.png');

  await rhetoricPages({ page, base, shot, check, view, title: TITLE, actorId, docId: rhetoricDocId });

  await searchPage({ page, base, shot, check, view, title: TITLE, semantic: semantic === 'yes' });

  // Analyze page with a pasted text.
  await page.goto(base + '/#/analyze');
  await view('form.analyze-form');
  await page.fill('textarea[name=text]',
    'The council voted on Monday. Critics said the vote was rushed. <img src=x onerror="document.title=\'pwned\'"> See https://example.net/vote for the record.');
  await page.fill('input[name=title]', 'Council vote');
  await page.click('form.analyze-form button[type=submit]');
  await view('.result .doc-text .sent');
  check(await page.locator('.result .doc-text .sent').count() >= 3, 'analysis shows the sentences');
  check((await page.textContent('.result h1')) === 'Council vote', 'analysis shows the title');
  check(await page.locator('#view img').count() === 0, 'pasted markup stays text');
  check(await page.title() === TITLE, 'pasted payload did not run');
  await shot('analyze.png');

  // Printing keeps the text and drops the controls.
  await page.emulateMedia({ media: 'print' });
  check(!(await page.isVisible('form.analyze-form')), 'print view hides the form');
  await page.emulateMedia({ media: 'screen' });

  await browser.close();
}

const timer = setTimeout(() => { console.error('browser test timed out'); process.exit(3); }, 100000);
main().then(() => {
  clearTimeout(timer);
  if (problems.length) {
    console.error('FAILED:\n' + problems.join('\n'));
    process.exit(1);
  }
  console.log('browser checks passed');
}, (e) => {
  clearTimeout(timer);
  console.error('FAILED: ' + (e && e.stack ? e.stack : e));
  if (problems.length) console.error(problems.join('\n'));
  process.exit(1);
});
