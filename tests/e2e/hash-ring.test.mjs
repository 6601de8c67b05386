// The hash-ring widget on the consistent-hashing page: it mounts with no console error,
// adding and removing a node narrates what moved (with the crate's own sentence) and
// shows the moved count, stepping back restores the state, it works from the keyboard
// alone, and axe finds no violation with it mounted, in both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { launch, openPage, hydrated, noteUrl } from './browser.mjs';

const PAGE = noteUrl('partitioning/consistent-hashing');
const KEYS = 1000; // the note's `keys`

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens the page and waits for the widget to replace its fallback. */
async function openWidget(context) {
  const page = await openPage(context);
  await page.goto(PAGE);
  await hydrated(page);
  await page.getByTestId('hash-ring-widget').waitFor();
  return page;
}

const latest = (page) => page.getByTestId('hash-ring-log').locator('li').first();
const movedCount = async (page) => Number((await page.getByTestId('hash-ring-moved').textContent()).replace(/,/g, ''));

/** Waits until the newest log line starts with `prefix`, and returns it. */
async function said(page, prefix) {
  await page.waitForFunction(
    (p) => document.querySelector('[data-testid="hash-ring-log"] li')?.textContent.startsWith(p),
    prefix,
    { timeout: 5000 },
  );
  return latest(page).textContent();
}

test('the widget mounts on the consistent-hashing page with no console error', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  assert.equal(await page.locator('.widget-mount .widget-fallback').count(), 0);
  assert.equal(await page.locator('.hr-svg .hr-keys circle:not(.hr-picked)').count(), KEYS);
  assert.equal(await page.getByTestId('hash-ring-loads').locator('li').count(), 3);
  assert.equal(await page.getByTestId('hash-ring-undo').isDisabled(), true);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('adding a node, removing it and stepping back narrate and count the moved keys', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);

  await page.getByTestId('hash-ring-add').click();
  const joined = await said(page, 'Node D joined: ');
  const moved = await movedCount(page);
  assert.ok(Number.isInteger(moved) && moved > 0 && moved <= KEYS, `moved ${moved}`);
  assert.match(joined, new RegExp(`^Node D joined: ${moved.toLocaleString('en-US')} of 1,000 keys moved, all to D \\(ideal \\d+\\)\\.$`));
  assert.equal(await page.getByTestId('hash-ring-loads').locator('li').count(), 4);
  assert.equal(await page.locator('.hr-keys circle.hr-moved').count(), moved);

  // Removing D again moves exactly the keys it had taken.
  assert.equal((await page.getByTestId('hash-ring-remove').textContent()).trim(), 'Remove D');
  await page.getByTestId('hash-ring-remove').click();
  await said(page, 'Node D left: ');
  assert.equal(await movedCount(page), moved);
  assert.equal(await page.getByTestId('hash-ring-loads').locator('li').count(), 3);

  // Stepping back brings D back, with the same keys.
  await page.getByTestId('hash-ring-undo').click();
  const back = await said(page, 'Stepped back. ');
  assert.match(back, /D joined/);
  assert.equal(await movedCount(page), moved);
  assert.equal(await page.getByTestId('hash-ring-loads').locator('li').count(), 4);

  // Removing another node, chosen in the list.
  await page.getByTestId('hash-ring-remove-choice').selectOption('B');
  await page.getByTestId('hash-ring-remove').click();
  await said(page, 'Node B left: ');
  const lost = await movedCount(page);
  assert.ok(lost > 0 && lost <= KEYS);

  // Another algorithm: mod n moves far more keys when a node joins.
  await page.getByTestId('hash-ring-algorithm').selectOption('modulo');
  await said(page, 'Switched from hash ring to mod n');
  await page.getByTestId('hash-ring-add').click();
  await said(page, 'Node ');
  assert.ok(await movedCount(page) > KEYS / 2, 'mod n moves most keys');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the widget works from the keyboard alone', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  const url = page.url();

  await page.getByTestId('hash-ring-add').focus();
  await page.keyboard.press('Enter');
  await said(page, 'Node D joined: ');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'hash-ring-undo');
  await page.keyboard.press('Space');
  await said(page, 'Stepped back. ');
  assert.equal((await page.getByTestId('hash-ring-add').textContent()).trim(), 'Add node D');

  // Arrow keys on the slider change the virtual nodes, and do not turn the page.
  await page.getByTestId('hash-ring-vnodes').focus();
  await page.keyboard.press('ArrowRight');
  await said(page, 'New hash ring parameters: ');
  assert.equal(await page.getByTestId('hash-ring-vnodes').inputValue(), '11');
  assert.equal(page.url(), url);

  // The key inspector: a number field, committed with Tab.
  await page.getByTestId('hash-ring-pick').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('5');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.querySelector('[data-testid="hash-ring-key"]')?.textContent.startsWith('Key 5 '));
  assert.match(await page.getByTestId('hash-ring-key').textContent(), /^Key 5 hashes to 0x[0-9a-f]{16}; owner [A-C]; kept on [A-C]\.$/);
  assert.equal(await page.locator('.hr-keys circle.hr-picked').count(), 1);
  assert.deepEqual(page.errors, []);
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds no violations with the widget mounted and used, ${colorScheme} theme`, async () => {
    const context = await browser.newContext({ colorScheme });
    const page = await openWidget(context);
    await page.getByTestId('hash-ring-add').click();
    await said(page, 'Node D joined: ');
    const results = await new AxeBuilder({ page }).include('[data-testid="hash-ring-widget"]').analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(summary, []);
    await context.close();
  });
}

test('the widget fits a phone-sized screen', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await openWidget(context);
  const [overflow, right] = await page.evaluate(() => {
    const w = document.querySelector('[data-testid="hash-ring-widget"]');
    return [w.scrollWidth - w.clientWidth, w.getBoundingClientRect().right];
  });
  assert.ok(overflow <= 0, `the widget overflows by ${overflow}px`);
  assert.ok(right <= 390, `the widget ends at ${right}px`);
  // Its controls are big enough to tap.
  for (const id of ['hash-ring-add', 'hash-ring-remove', 'hash-ring-undo', 'hash-ring-algorithm']) {
    const box = await page.getByTestId(id).boundingBox();
    assert.ok(box.height >= 44, `${id} is ${box.height}px tall`);
  }
  await context.close();
});
