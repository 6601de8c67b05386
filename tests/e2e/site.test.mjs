// The study site as a reader uses it: every page loads cleanly, navigation by sidebar,
// links and keys works without reloading, deep links reload, the theme is remembered,
// unknown addresses get the 404 page, and the text is there without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, hydrated, bookPages, noteUrl, SITE } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('every page in SUMMARY.md loads, hydrates and shows its title with no console error', async () => {
  const pages = bookPages();
  assert.ok(pages.length > 10, 'the book has pages');
  for (const { path } of pages) {
    // A fresh context for each page. One tab reloaded 130 times keeps the WebAssembly
    // memories of the pages it left until V8 collects them, and Chromium's address
    // space for them ran out ("Cannot allocate Wasm memory for new instance") in CI.
    const context = await browser.newContext();
    const page = await openPage(context);
    const response = await page.goto(noteUrl(path));
    assert.equal(response.status(), 200, path);
    await hydrated(page).catch((e) => { throw new Error(`${path} did not hydrate: ${e.message}; errors: ${page.errors}`); });
    const h1 = await page.locator('main h1').first().textContent();
    assert.ok(h1 && h1.trim().length > 0, `${path} has a title`);
    assert.equal(await page.locator('.card').count() >= 5, true, `${path} shows its cards`);
    assert.deepEqual(page.errors, [], `${path} logged no errors`);
    await context.close();
  }
});

test('the home page lists the chapters and starts the reader at the introduction', async () => {
  const context = await browser.newContext();
  const page = await openPage(context);
  await page.goto(`${SITE}/`);
  await hydrated(page);
  assert.ok(await page.locator('.chapter-card').count() >= 14);
  await page.getByRole('link', { name: 'Start reading' }).click();
  await page.waitForURL(/\/notes\/introduction\/$/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('sidebar links, note links and arrow keys navigate without reloading', async () => {
  const context = await browser.newContext();
  const page = await openPage(context);
  const [intro, chapter, firstPage] = bookPages();
  await page.goto(noteUrl(intro.path));
  await hydrated(page);
  await page.evaluate(() => { window.__sameDocument = true; });

  await page.locator(`#sidebar a[href$="/notes/${chapter.path}/"]`).first().click();
  await page.waitForURL(noteUrl(chapter.path));
  await page.waitForSelector('main h1');
  assert.equal(await page.locator('#sidebar a[aria-current="page"]').getAttribute('href'), new URL(noteUrl(chapter.path)).pathname);

  await page.keyboard.press('ArrowRight');
  await page.waitForURL(noteUrl(firstPage.path));
  await page.locator(`#sidebar a[aria-current="page"][href$="/notes/${firstPage.path}/"]`).waitFor();
  await page.keyboard.press('ArrowLeft');
  await page.waitForURL(noteUrl(chapter.path));

  const inBody = page.locator('.note-body a[href*="/notes/"]').first();
  const target = await inBody.getAttribute('href');
  await inBody.click();
  await page.waitForURL((url) => url.pathname === target.split('#')[0]);
  await page.waitForFunction(() => !document.querySelector('.loading'));
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no full reload happened');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a deep link reloads to the same page, and the page title and description follow navigation', async () => {
  const context = await browser.newContext();
  const page = await openPage(context);
  const pages = bookPages();
  const deep = pages[pages.length - 1];
  await page.goto(noteUrl(deep.path));
  await hydrated(page);
  const before = await page.locator('main h1').textContent();
  await page.reload();
  await hydrated(page);
  assert.equal(await page.locator('main h1').textContent(), before);
  assert.match(await page.title(), new RegExp(before.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  const titleBefore = await page.title();
  const description = () => page.evaluate(() => document.querySelector('meta[name=description]').content);
  const descriptionBefore = await description();
  await page.keyboard.press('ArrowLeft');
  await page.waitForURL(noteUrl(pages[pages.length - 2].path));
  await page.waitForFunction((t) => document.title !== t, titleBefore);
  assert.notEqual(await description(), descriptionBefore);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the theme toggle switches theme and is remembered across reloads', async () => {
  const context = await browser.newContext({ colorScheme: 'light' });
  const page = await openPage(context);
  await page.goto(`${SITE}/`);
  await hydrated(page);
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const lightBg = await bg();
  await page.getByTestId('theme-toggle').click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.notEqual(await bg(), lightBg);
  await page.reload();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'applied before hydration');
  await hydrated(page);
  await page.getByTestId('theme-toggle').click();
  await page.reload();
  assert.equal(await bg(), lightBg);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('unknown addresses get the 404 page with status 404', async () => {
  const context = await browser.newContext();
  const page = await openPage(context);
  for (const path of ['/no/such/page', '/notes/no-such-note/']) {
    const response = await page.goto(`${SITE}${path}`);
    assert.equal(response.status(), 404, path);
    await hydrated(page);
    assert.ok(await page.getByTestId('not-found').isVisible(), path);
  }
  // Chromium logs the document's own 404 status as a console error; nothing else may fail.
  assert.deepEqual(page.errors.filter((e) => !/status of 404/.test(e)), []);
  await context.close();
});

test('pages are readable with JavaScript off', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const [, second] = bookPages();
  await page.goto(noteUrl(second.path));
  assert.ok((await page.locator('.note-body').textContent()).length > 200);
  assert.ok(await page.locator('#sidebar a').count() > 20);
  await context.close();
});

test('a card hides its answer until asked, and the on-page contents follow the reading', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await openPage(context);
  await page.goto(noteUrl('partitioning/consistent-hashing'));
  await hydrated(page);
  const card = page.locator('.card').first();
  const answer = card.locator('.card-a');
  assert.equal(await answer.isVisible(), false, 'the answer starts hidden');
  await card.locator('summary').click();
  assert.equal(await answer.isVisible(), true, 'the answer shows when asked');

  const headings = await page.locator('.note-body h2[id]').evaluateAll((hs) => hs.map((h) => h.id));
  const target = headings[2];
  await page.locator(`#${target}`).scrollIntoViewIfNeeded();
  await page.evaluate((id) => document.getElementById(id).scrollIntoView({ block: 'start' }), target);
  await page.waitForSelector(`.page-toc a.active[href="#${target}"]`);
  assert.deepEqual(page.errors, []);
  await context.close();
});
