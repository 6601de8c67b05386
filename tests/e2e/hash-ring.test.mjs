// The hash-ring widget on the consistent-hashing page: it mounts with no console error,
// adding and removing a node narrates what moved (with the crate's own sentence) and
// shows the moved count, stepping back restores the state, it works from the keyboard
// alone, and axe finds no violation with it mounted, in both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import {
  launch, openPage, hydrated, noteUrl, widgetUrl, embedUrl, bundleMemoryBytes, recordResult, frameWork,
} from './browser.mjs';

const PAGE = noteUrl('partitioning/consistent-hashing');
const KEYS = 1000; // the note's `keys`

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens `url` (the note by default) and waits for the widget to replace its fallback. */
async function openWidget(context, url = PAGE) {
  const page = await openPage(context);
  await page.goto(url);
  await hydrated(page);
  await page.getByTestId('hash-ring-widget').waitFor();
  return page;
}

/** The load chart's rows as text ("A 412", ...). */
const loadRows = (page) => page.getByTestId('hash-ring-loads').locator('li').evaluateAll(
  (lis) => lis.map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
);

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
  assert.equal(await page.locator('.hr-svg .hr-keys').getAttribute('data-dots'), String(KEYS));
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
  assert.equal(await page.locator('.hr-keys').getAttribute('data-moved-dots'), String(moved));

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

  // Arrow keys on the list change the virtual nodes, and do not turn the page.
  await page.getByTestId('hash-ring-vnodes').focus();
  await page.keyboard.press('ArrowDown');
  await said(page, 'New hash ring parameters: ');
  assert.equal(await page.getByTestId('hash-ring-vnodes').inputValue(), '20');
  assert.equal(page.url(), url);

  // The key inspector: a number field, committed with Tab.
  await page.getByTestId('hash-ring-pick').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('5');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.querySelector('[data-testid="hash-ring-key"]')?.textContent.startsWith('Key 5 '));
  assert.match(await page.getByTestId('hash-ring-key').textContent(), /^Key 5 hashes to 0x[0-9a-f]{16}; owner [A-C]; kept on [A-C]\.$/);
  assert.equal(await page.locator('.hr-overlay .hr-picked').count(), 1);
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

test('axe finds no violations on the widget\'s own page, headings in order', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context, widgetUrl('hash-ring'));
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(summary, []);
  await context.close();
});

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

test('a share link restores the exact state on the widget\'s own page', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  await page.getByTestId('hash-ring-add').click();
  await said(page, 'Node D joined: ');
  await page.getByTestId('hash-ring-remove-choice').selectOption('B');
  await page.getByTestId('hash-ring-weight').selectOption('3');
  await said(page, 'Node B');
  await page.getByTestId('hash-ring-replication').selectOption('2');
  await page.getByTestId('hash-ring-keys').selectOption('2000');
  await said(page, 'Now ');
  const rows = await loadRows(page);
  const link = await page.getByTestId('hash-ring-share-url').inputValue();
  assert.match(link, /\/widgets\/hash-ring\/\?/);
  assert.match(link, /nodes=A,B,C,D/);
  assert.match(link, /weights=1,3,1,1/);

  const own = await openWidget(context, link);
  assert.deepEqual(await loadRows(own), rows);
  assert.equal(await own.getByTestId('hash-ring-replication').inputValue(), '2');
  assert.equal(await own.getByTestId('hash-ring-keys').inputValue(), '2000');
  assert.equal(await own.getByTestId('hash-ring-share-url').inputValue(), link);
  assert.equal(await own.locator('h1').textContent(), 'Hash ring');
  // The page links back to the notes that embed the widget.
  assert.ok(await own.locator('.widget-page-uses a[href$="/notes/partitioning/consistent-hashing/"]').count() === 1);
  assert.deepEqual([...page.errors, ...own.errors], []);
  await context.close();
});

test('a link that cannot be used says why and starts from the defaults', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context, widgetUrl('hash-ring', 'keys=lots&nodes=A,B'));
  const problem = await page.getByTestId('widget-link-problem').textContent();
  assert.match(problem, /`keys` must be a whole number/);
  assert.match(problem, /defaults/);
  assert.equal(await page.getByTestId('hash-ring-loads').locator('li').count(), 3);
  const other = await openWidget(context, widgetUrl('hash-ring', 'vnodes=5000'));
  assert.match(await other.getByTestId('widget-link-problem').textContent(), /`vnodes` must be 1 to 1000/);
  assert.deepEqual([...page.errors, ...other.errors], []);
  await context.close();
});

test('the embed shows the widget alone and links back to its page', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context, embedUrl('hash-ring', 'nodes=A,B&algorithm=maglev'));
  assert.equal(await page.locator('.topbar, .sidebar').count(), 0);
  assert.equal(await page.getByTestId('hash-ring-loads').locator('li').count(), 2);
  assert.equal(await page.getByTestId('hash-ring-algorithm').inputValue(), 'maglev');
  assert.match(await page.locator('.embed-credit a').getAttribute('href'), /\/widgets\/hash-ring\/$/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('presets set up their scenario, and the comparison runs all six schemes', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  await page.getByTestId('hash-ring-preset-0').click();
  await said(page, 'Add a node: with hash mod n');
  assert.equal(await page.getByTestId('hash-ring-algorithm').inputValue(), 'modulo');
  await page.getByTestId('hash-ring-add').click();
  await said(page, 'Node E joined: ');
  assert.ok(await movedCount(page) > 1400, 'mod n moves most of 2,000 keys');

  await page.getByTestId('hash-ring-preset-2').click();
  await said(page, 'D has weight 3');
  assert.equal(await page.getByTestId('hash-ring-weight').inputValue(), '3');

  await page.getByTestId('hash-ring-compare').click();
  const table = page.getByTestId('hash-ring-compare-table');
  await table.waitFor();
  assert.equal(await table.locator('tbody tr').count(), 6);
  const modulo = await table.locator('tr[data-scheme="modulo"] td').first().textContent();
  const ring = await table.locator('tr[data-scheme="ring"] td').first().textContent();
  const count = (t) => Number(t.split(' ')[0].replace(/,/g, ''));
  assert.ok(count(modulo) > 3 * count(ring), `${modulo} vs ${ring}`);
  // Tapping the ring picks the key nearest the tap.
  const box = await page.locator('.hr-ring').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height * 0.12);
  assert.match(await page.getByTestId('hash-ring-key').textContent(), /^Key \d+ hashes to/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('timing: a join with 100,000 keys on 10 nodes of 1,000 virtual nodes redraws within a frame', async (t) => {
  const context = await browser.newContext();
  const page = await openPage(context);
  await page.goto(widgetUrl('hash-ring', 'nodes=A,B,C,D,E,F,G,H,I,J&vnodes=1000&keys=100000'));
  await hydrated(page);
  await page.getByTestId('hash-ring-widget').waitFor();
  // Joins and leaves alternate, K joining then leaving, each traced from the click to the
  // commit of the frame that shows it (see `frameWork`); the first pair warms up.
  const RUNS = 12;
  const runs = await frameWork(
    page,
    RUNS,
    (i) => document.querySelector(`[data-testid="hash-ring-${i % 2 ? 'remove' : 'add'}"]`).click(),
    (i) => said(page, i % 2 ? 'Node K left: ' : 'Node K joined: '),
  );
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const of = (parity, key) => median(runs.slice(2).filter((_, i) => i % 2 === parity).map((r) => r[key]));
  const memory = await bundleMemoryBytes(page, 'hash-ring');
  const figures = {
    join_100k_keys_10x1000_vnodes_main_thread_ms: of(0, 'work'),
    join_100k_keys_10x1000_vnodes_script_ms: of(0, 'script'),
    join_100k_keys_10x1000_vnodes_raster_ms: of(0, 'raster'),
    leave_100k_keys_10x1000_vnodes_main_thread_ms: of(1, 'work'),
    join_100k_keys_10x1000_vnodes_to_next_frame_ms: of(0, 'wall'),
    bundle_wasm_memory_bytes: memory,
  };
  t.diagnostic(JSON.stringify(figures));
  recordResult('hash-ring', figures);
  assert.ok(runs.every((r) => r.work > 0 && r.work <= r.wall), 'every change was traced to a frame');
  assert.ok(memory > 0, 'the WebAssembly memory is visible');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('reached by client-side navigation, the widget loads its own stylesheet first', async () => {
  const context = await browser.newContext();
  const page = await openPage(context);
  // The rate-limiting note shows another widget, so its head links only that one's styles.
  await page.goto(noteUrl('apis/rate-limiting-algorithms'));
  await hydrated(page);
  const ringStyles = 'link[rel="stylesheet"][href*="/widget-hash-ring-"]';
  assert.equal(await page.locator(ringStyles).count(), 0);
  await page.evaluate(() => { window.__sameDocument = true; });
  // The link sits in a folded chapter; the router takes the click all the same.
  await page.locator('#sidebar a[href$="/notes/partitioning/consistent-hashing/"]').first().dispatchEvent('click');
  await page.waitForURL(PAGE);
  await page.getByTestId('hash-ring-widget').waitFor();
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');
  assert.equal(await page.locator(ringStyles).count(), 1);
  // Styled on arrival: a key's dot is a stroke with no fill (unstyled, SVG fills it black).
  assert.equal(await page.locator('.hr-keys path').first().evaluate((el) => getComputedStyle(el).fill), 'none');
  // Back to the page the reader landed on: its body came from the page itself (the
  // page's data leaves it out), so this checks that it was read back whole.
  const bodyText = () => page.locator('.note-body > :not(.widget-mount)').allTextContents();
  await page.goBack();
  await page.waitForURL(noteUrl('apis/rate-limiting-algorithms'));
  await page.getByTestId('rate-widget').first().waitFor();
  const again = await bodyText();
  await page.reload();
  await hydrated(page);
  assert.deepEqual(await bodyText(), again, 'the same body as a fresh load');
  assert.ok(again.join(' ').length > 2000, 'the body has its text');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the note and the home page link to the widget\'s own page', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  const link = page.locator('.widget-open a');
  assert.equal(await link.textContent(), 'Open the hash ring on its own page');
  await link.click();
  await page.waitForURL(/\/widgets\/hash-ring\/(\?.*)?$/);
  await page.getByTestId('hash-ring-widget').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Hash ring');
  await page.goto(`${new URL(PAGE).origin}${new URL(PAGE).pathname.replace(/notes\/.*$/, '')}`);
  await hydrated(page);
  assert.equal(await page.locator('.widget-card a[href$="/widgets/hash-ring/"]').count(), 1);
  assert.deepEqual(page.errors, []);
  await context.close();
});
