// Browser checks of the search page: words with a facet that narrows the results, and —
// when the corpus has vectors — a query in English that finds the French documents.
'use strict';

const HOSTILE = '#view script, #view img, #view iframe, #view a[href^="javascript"]';

module.exports = async function searchPage({ page, base, shot, check, view, title, semantic }) {
  const run = async (q, mode) => {
    await page.goto(base + '/#/search');
    await view('form.search-form');
    await page.fill('input[name=q]', q);
    await page.selectOption('select[name=mode]', mode);
    await page.click('form.search-form button[type=submit]');
    await view('.result-count');
  };

  // Words, then narrowing by the language facet.
  await run('sanctions', 'full_text');
  const all = await page.locator('.hits > li').count();
  check(all >= 2, `full-text search lists the sanction reports (${all})`);
  check(await page.locator('.hits mark').count() >= 1, 'matched words highlighted');
  await page.click('.facets a[data-facet=lang]');
  await page.waitForFunction(() => location.hash.includes('lang='));
  await view('.chips .chip');
  const narrowed = await page.locator('.hits > li').count();
  check(narrowed >= 1 && narrowed < all, `language facet narrows the hits (${narrowed} of ${all})`);
  // The hostile document's payloads are found as words and stay text.
  await run('ministry nothing', 'full_text');
  check((await page.textContent('.hits')).includes('onerror='), 'hostile title shown as text in hits');
  check(await page.locator(HOSTILE).count() === 0, 'no element created from hits');
  check(await page.title() === title, 'search hits ran nothing');

  if (!semantic) {
    console.log('note: no vectors in this corpus; the cross-lingual search check is skipped');
    await shot('search.png');
    return;
  }
  // Meaning: an English query finds the French documents.
  await run('The United States is secretly helping the Islamic State terrorists', 'semantic');
  const langs = await page.locator('.hits > li').evaluateAll((els) => els.map((e) => e.dataset.lang));
  check(langs.includes('fr') && langs.includes('en'), `semantic search in English finds French documents (${langs})`);
  await shot('search.png');
};
