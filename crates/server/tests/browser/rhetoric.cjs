// Browser checks of the actor, technique and source pages and of a document's rhetoric
// (technique layer, provenance box, framings), over the corpus of tests/common/rhetoric.rs.
'use strict';

const HOSTILE = '#view script, #view img, #view iframe, #view a[href^="javascript"]';

module.exports = async function rhetoricPages({ page, base, shot, check, view, title, actorId, docId }) {
  const inert = async (what) => {
    check(await page.locator(HOSTILE).count() === 0, `no element created from stored text on ${what}`);
    check(await page.title() === title, `${what}: title changed to ${await page.title()}`);
  };

  // Actors list, then one actor reached from it.
  await page.goto(base + '/#/actors');
  await view('table.actors-table');
  check(await page.locator('table.actors-table tbody tr').count() >= 3, 'actors listed');
  await shot('actors.png');
  await page.click(`table.actors-table a[href="#/actor/${encodeURIComponent(actorId)}"]`);
  await view('article.actor h1');
  check(await page.locator('article.actor svg.chart rect.bar').count() >= 1, 'roles drawn as bars');
  check(await page.locator('article.actor .claim-keys q').count() >= 1, 'claim evidence sentence shown');
  check(await page.locator('article.actor .co-actors a[href^="#/actor/"]').count() >= 2, 'co-actors linked');
  const names = await page.textContent('article.actor table.meta');
  check(names.includes('Washington') && names.includes('USA'), `names per language: ${names}`);
  await inert('an actor page');
  await shot('actor.png');
  await page.click('article.actor .claim-keys a[href^="#/doc/"]');
  await view('.doc-text');

  // A document with rhetoric: technique layer, provenance box, framings linked to actors.
  await page.goto(base + '/#/doc/' + docId);
  await view('.doc-text');
  check(await page.locator('mark.l-techniques').count() >= 2, 'technique layer drawn');
  check(await page.locator('input[data-layer=techniques]:checked').count() === 1, 'technique toggle on');
  const prov = await page.textContent('.provenance');
  check(prov.includes('70%') && prov.includes('reporting'), `provenance box: ${prov}`);
  check(await page.locator('.framings a[href^="#/actor/"]').count() === 1, 'framing linked to its actor');
  await page.uncheck('input[data-layer=techniques]');
  check(await page.locator('mark.l-techniques').count() === 0, 'technique layer toggles off');
  await page.check('input[data-layer=techniques]');
  await inert('a document with rhetoric');
  await shot('rhetoric-document.png');

  // Techniques by family with example spans; hostile technique names stay text.
  await page.goto(base + '/#/techniques');
  await view('.technique-family');
  const tech = await page.textContent('#view');
  check(tech.includes('name_calling') && tech.includes('onerror='), 'techniques listed, hostile name as text');
  check(await page.locator('.hits a[href^="#/doc/"]').count() >= 2, 'example spans link to documents');
  await inert('the techniques page');
  await shot('techniques.png');
  await page.click('.technique h3 a');
  await view('ul.hits');

  // Cited sources with the outlet → source graph.
  await page.goto(base + '/#/sources');
  await view('table.sources-table');
  check(await page.locator('svg.graph line.edge').count() >= 3, 'source graph edges drawn');
  check((await page.textContent('#view')).includes('<script>'), 'hostile source name shown as text');
  await inert('the sources page');
  await shot('sources.png');
};
