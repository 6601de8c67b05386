// What the browser remembers: visited pages, where the reader left off, and what happens
// when the stored data is damaged (kept aside, the reader told, the app carries on).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, hydrated, bookPages, noteUrl, SITE } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('visited pages are ticked in the sidebar and the home page offers to continue', async () => {
  const context = await browser.newContext();
  const page = await openPage(context);
  const [, second] = bookPages();
  await page.goto(noteUrl(second.path));
  await hydrated(page);
  await page.goto(`${SITE}/`);
  await hydrated(page);
  await page.waitForSelector(`#sidebar a.visited[href$="/notes/${second.path}/"]`);
  const cont = page.getByTestId('continue');
  await cont.waitFor();
  assert.match(await cont.textContent(), new RegExp(second.title.slice(0, 10).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('damaged saved progress is kept aside and the reader is told', async () => {
  const context = await browser.newContext();
  const page = await openPage(context);
  await page.goto(`${SITE}/`);
  await hydrated(page);
  await page.evaluate(() => localStorage.setItem('sd-visited-v1', '{not json'));
  await page.reload();
  await hydrated(page);
  const notice = page.locator('.notice');
  await notice.waitFor();
  assert.match(await notice.textContent(), /could not be read/);
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sd-visited-v1-unreadable-')).map((k) => localStorage.getItem(k)));
  assert.deepEqual(kept, ['{not json']);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await page.locator('.notice').count(), 0);
  // The damaged original is gone once copied, so the next visit starts clean and quiet.
  await page.reload();
  await hydrated(page);
  assert.equal(await page.locator('.notice').count(), 0);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sd-visited-v1-unreadable-')).length), 1);
  await context.close();
});

test('on a phone-sized screen the table of contents is a drawer', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await openPage(context);
  const [first, second] = bookPages();
  await page.goto(noteUrl(first.path));
  await hydrated(page);
  assert.equal(await page.locator('#sidebar').isVisible(), false);
  await page.getByRole('button', { name: 'Table of contents' }).tap();
  await page.locator('#sidebar').waitFor({ state: 'visible' });
  await page.locator(`#sidebar a[href$="/notes/${second.path}/"]`).first().tap();
  await page.waitForURL(noteUrl(second.path));
  await page.locator('#sidebar').waitFor({ state: 'hidden' });
  assert.deepEqual(page.errors, []);
  await context.close();
});

// 390 px is a common phone; 320 px the narrowest still in use (the first iPhone SE), where
// a long word in a revision card or a long inline formula used to push the page sideways.
for (const phone of [390, 320]) {
  test(`no page is wider than a ${phone} px phone screen`, async () => {
    const context = await browser.newContext({ viewport: { width: phone, height: 844 }, isMobile: true });
    const page = await openPage(context);
    const wide = [];
    for (const { path } of bookPages()) {
      await page.goto(noteUrl(path));
      await hydrated(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > phone) wide.push(`${path}: ${width}px`);
    }
    assert.deepEqual(wide, [], 'pages that scroll sideways on a phone');
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}
