// The cache-eviction playground: step mode on the eviction-policies note (the worked
// example's hit counts, narration with the crate's reasons, step back and scrub, the
// keyboard), run mode (final hit ratios, the curves, FIFO's anomaly), a pasted and an
// uploaded trace, the share link round trip, bad input, axe in both themes, a phone
// screen, and the browser timings of the targets (written to results/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import {
  launch, openPage, hydrated, noteUrl, widgetUrl, bundleMemoryBytes, recordResult,
} from './browser.mjs';

const NOTE = noteUrl('caching/cache-eviction-policies');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens `url` and waits for the first cache widget to mount. */
async function openWidget(context, url = NOTE, viewport) {
  const page = await openPage(context);
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(url);
  await hydrated(page);
  await page.getByTestId('cache-widget').first().waitFor();
  return page;
}

/** The first widget on the page. */
const widget = (page) => page.getByTestId('cache-widget').first();

/** Waits until the widget's newest narration starts with `prefix`; returns it. */
async function said(page, prefix, timeout = 5000) {
  await page.waitForFunction(
    (p) => document.querySelector('[data-testid="cache-log"] li')?.textContent.startsWith(p),
    prefix,
    { timeout },
  );
  return widget(page).getByTestId('cache-log').locator('li').first().textContent();
}

/** Waits until any line of the widget's narration starts with `prefix`. */
async function logged(page, prefix, timeout = 5000) {
  await page.waitForFunction(
    (p) => [...document.querySelectorAll('[data-testid="cache-log"] li')].some((li) => li.textContent.startsWith(p)),
    prefix,
    { timeout },
  );
}

/** Opens the "Your own trace" section (it starts open when the workload is a trace). */
async function openTrace(page) {
  const details = widget(page).locator('.ce-trace');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
}

/** Each step-mode panel's hit count, by policy name. */
async function hits(page) {
  return widget(page).locator('article[data-hits]').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.dataset.testid.replace('cache-policy-', ''), Number(e.dataset.hits)])));
}

/** Sets a number field and commits it the way a reader does (Tab away). */
async function setNumber(page, testid, value) {
  const field = widget(page).getByTestId(testid);
  await field.fill(String(value));
  await field.press('Tab');
}

/** Waits for a run-mode widget to finish (or for `phase` text in its status). */
async function runDone(page, timeout = 60000) {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="cache-run-status"]')?.textContent === 'Done.',
    null,
    { timeout },
  );
}

test('step mode replays the worked example with the hit counts the note states', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  assert.equal(await page.locator('.widget-mount .widget-fallback').count(), 0);
  assert.deepEqual(await hits(page), { fifo: 0, lru: 0, lfu: 0, arc: 0, sieve: 0, 's3-fifo': 0, belady: 0 });

  await widget(page).getByTestId('cache-step').click();
  const first = await said(page, 'Request 1 of 10, key A: ');
  assert.match(first, /FIFO missed \(there was room\)/);
  for (let i = 2; i <= 10; i += 1) {
    await widget(page).getByTestId('cache-step').click();
    await said(page, `Request ${i} of 10, `);
  }
  const end = await hits(page);
  assert.equal(end.fifo, 3);
  assert.equal(end.lru, 4);
  assert.equal(end.lfu, 4);
  assert.equal(end.belady, 5);
  for (const [name, n] of Object.entries(end)) assert.ok(n <= end.belady, `${name} beat Belady`);

  // Scrub back to request 5: FIFO drops A (the oldest), LRU drops B, with the crate's reasons.
  const scrub = widget(page).getByTestId('cache-scrub');
  await scrub.fill('5');
  const fifth = await said(page, 'Request 5 of 10, key D: ');
  assert.match(fifth, /FIFO missed and evicted A: it was the oldest entry \(first in, first out\)/);
  assert.match(fifth, /LRU missed and evicted B: it was the least recently used/);
  assert.match(await widget(page).getByTestId('cache-policy-fifo').textContent(), /Evicted A: it was the oldest entry/);
  assert.equal(await widget(page).locator('[data-testid="cache-strip"] [aria-current="step"]').textContent(), '5D');

  // Step back once more.
  await widget(page).getByTestId('cache-back').click();
  await said(page, 'Request 4 of 10, key A: ');
  assert.equal(await scrub.inputValue(), '4');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the widget works from the keyboard alone', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  const url = page.url();
  await widget(page).getByTestId('cache-step').focus();
  await page.keyboard.press('Enter');
  await said(page, 'Request 1 of 10');
  await page.keyboard.press('.');
  await said(page, 'Request 2 of 10');
  await page.keyboard.press('l');
  await said(page, 'Request 3 of 10');
  await page.keyboard.press(',');
  await said(page, 'Request 2 of 10');
  // Tab to the speed select and on to the scrubber; arrows move it.
  await widget(page).getByTestId('cache-scrub').focus();
  await page.keyboard.press('ArrowRight');
  await said(page, 'Request 3 of 10');
  assert.equal(page.url(), url, 'arrow keys do not turn the page');

  // A number field: type, Tab away, and the change is applied.
  await widget(page).getByTestId('cache-capacity').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('4');
  await page.keyboard.press('Tab');
  await said(page, 'Changed cache size to 4.');
  // A policy checkbox: Space toggles it.
  await widget(page).getByTestId('cache-policy-pick-clock').focus();
  await page.keyboard.press('Space');
  await said(page, 'Added CLOCK.');
  assert.equal(await widget(page).locator('article[data-hits]').count(), 8);
  // Play runs to the end by itself, then stops.
  await widget(page).getByTestId('cache-play').focus();
  await page.keyboard.press('Enter');
  await said(page, 'Request 10 of 10', 15000);
  await page.waitForFunction(() => document.querySelector('[data-testid="cache-play"]')?.textContent === 'Play');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('bad input gets a clear message and the widget keeps working', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  await setNumber(page, 'cache-capacity', 0);
  assert.match(await widget(page).getByTestId('cache-error').textContent(), /`capacity` must be 1 to 256 in step mode, not 0/);
  await setNumber(page, 'cache-capacity', 3);
  assert.equal(await widget(page).getByTestId('cache-error').count(), 0);
  // Unchecking every policy is refused.
  for (const name of ['fifo', 'lru', 'lfu', 'arc', 'sieve', 's3-fifo']) {
    await widget(page).getByTestId(`cache-policy-pick-${name}`).uncheck();
  }
  await widget(page).getByTestId('cache-policy-pick-belady').click();
  assert.match(await widget(page).getByTestId('cache-error').textContent(), /Keep at least one policy/);
  assert.equal(await widget(page).locator('article[data-hits]').count(), 1);
  // A CSV without a key column names the line.
  await openTrace(page);
  await widget(page).getByTestId('cache-trace-text').fill('time,url\n1,/a\n');
  await widget(page).getByTestId('cache-trace-use').click();
  assert.match(await widget(page).getByTestId('cache-error').textContent(), /line 1: no column named "key"/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('run mode: FIFO\'s anomaly shows in its curve, under Belady\'s floor', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context, widgetUrl('cache-eviction'));
  await widget(page).getByTestId('cache-preset').selectOption('anomaly');
  await logged(page, 'Preset: FIFO\'s anomaly.');
  await runDone(page);
  const finals = await widget(page).locator('[data-testid="cache-finals"] li').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.dataset.policy, Number(e.dataset.hitRatio)])));
  assert.equal(finals.fifo, 3 / 12);
  assert.ok(finals.belady >= finals.lru && finals.belady >= finals.fifo);
  // The curves' table: FIFO misses 9 of 12 at size 3 and 10 of 12 at size 4.
  const rows = await widget(page).locator('.ce-numbers tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const at = (size) => rows.find((r) => r[0] === String(size));
  assert.deepEqual(at(3).slice(1, 2), ['75.0%']);
  assert.deepEqual(at(4).slice(1, 2), ['83.3%']);
  assert.equal(await widget(page).locator('[data-testid="cache-curves"] path.ce-floor').count(), 1);
  assert.equal(await widget(page).locator('[data-testid="cache-over-time"] path').count(), 3);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a run can be stopped: it keeps what it computed and does no more work', async () => {
  const context = await browser.newContext();
  const page = await openPage(context);
  const query = 'mode=run&policies=fifo,lru,sieve,belady&capacity=50000&workload=zipf'
    + '&objects=1000000&skew=0.9&requests=1000000&seed=3';
  await page.goto(widgetUrl('cache-eviction', query));
  await hydrated(page);
  const status = widget(page).getByTestId('cache-run-status');
  await page.waitForFunction(
    () => /^Computing the miss-ratio curves/.test(document.querySelector('[data-testid="cache-run-status"]')?.textContent ?? ''),
    null,
    { timeout: 60000 },
  );
  await widget(page).getByTestId('cache-run-stop').click();
  await said(page, 'Stopped the run; the charts show what was computed so far.');
  assert.equal(await status.textContent(), 'Stopped before the curves were finished.');
  assert.equal(await status.getAttribute('data-running'), 'false');
  assert.equal(await widget(page).locator('[data-testid="cache-finals"] li').count(), 4);
  const progress = await widget(page).getByTestId('cache-progress').getAttribute('value');
  await page.waitForTimeout(600);
  assert.equal(await widget(page).getByTestId('cache-progress').getAttribute('value'), progress, 'no more work');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a pasted trace goes into the link; an uploaded long one stays in the page', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context, widgetUrl('cache-eviction'));
  await openTrace(page);
  await widget(page).getByTestId('cache-trace-text').fill('/home\n/about\n/home\n/cart\n/home\n');
  await widget(page).getByTestId('cache-trace-use').click();
  await said(page, 'Using the pasted trace (5 requests); the link includes it.');
  await widget(page).getByTestId('cache-step').click();
  await said(page, 'Request 1 of 5, key /home: ');
  await widget(page).locator('.widget-share summary').click();
  const link = await widget(page).getByTestId('cache-share-url').inputValue();
  assert.match(link, /workload=trace/);
  assert.match(link, /trace=%2Fhome,%2Fabout,%2Fhome,%2Fcart,%2Fhome/);

  // 3,000 lines: too long for a link.
  const lines = Array.from({ length: 3000 }, (_, i) => `key-${(i * 7) % 90}`).join('\n');
  await widget(page).getByTestId('cache-trace-file').setInputFiles({
    name: 'requests.txt', mimeType: 'text/plain', buffer: Buffer.from(lines),
  });
  await said(page, 'Using requests.txt (3,000 requests). It is too long for a link');
  assert.match(await widget(page).getByTestId('cache-note').textContent(), /requests\.txt, which stays in this page: a shared link does not include it/);
  assert.equal(await widget(page).getByTestId('cache-scrub').getAttribute('max'), '3000');
  const long = await widget(page).getByTestId('cache-share-url').inputValue();
  assert.doesNotMatch(long, /trace=/);
  // Run mode uses the whole uploaded trace.
  await widget(page).getByTestId('cache-mode').selectOption('run');
  await runDone(page);
  assert.match(await widget(page).getByTestId('cache-timing').textContent(), /3,000 requests through 5 policies/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a share link restores the exact state, position included', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  await setNumber(page, 'cache-capacity', 2);
  await said(page, 'Changed cache size to 2.');
  await widget(page).getByTestId('cache-policy-pick-two-q').check();
  await said(page, 'Added 2Q.');
  for (let i = 1; i <= 7; i += 1) await widget(page).getByTestId('cache-step').click();
  await said(page, 'Request 7 of 10');
  const before = await hits(page);
  // Leptos leaves an empty comment as a marker after a reactive inner HTML; it is not content.
  const drawing = async (p) => (await widget(p).locator('.ce-picture').innerHTML()).replaceAll('<!---->', '');
  const picture = await drawing(page);
  await widget(page).locator('.widget-share summary').click();
  const link = await widget(page).getByTestId('cache-share-url').inputValue();
  assert.match(link, /\/widgets\/cache-eviction\/\?/);
  assert.match(link, /capacity=2/);
  assert.match(link, /position=7/);

  const own = await openWidget(context, link);
  assert.deepEqual(await hits(own), before);
  assert.equal(await drawing(own), picture);
  assert.equal(await widget(own).getByTestId('cache-scrub').inputValue(), '7');
  await widget(own).locator('.widget-share summary').click();
  assert.equal(await widget(own).getByTestId('cache-share-url').inputValue(), link);
  assert.equal(await own.locator('h1').textContent(), 'Cache-eviction playground');
  assert.ok(await own.locator('.widget-page-uses a[href$="/notes/caching/cache-eviction-policies/"]').count() === 1);
  assert.deepEqual([...page.errors, ...own.errors], []);
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds no violations in step and run mode, ${colorScheme} theme`, async () => {
    const context = await browser.newContext({ colorScheme });
    const page = await openWidget(context);
    await widget(page).getByTestId('cache-step').click();
    await said(page, 'Request 1 of 10');
    const step = await new AxeBuilder({ page }).include('[data-testid="cache-widget"]').analyze();
    // A note whose widget runs in bulk (on a widget's own page the heading levels are the page's).
    const run = await openWidget(context, noteUrl('caching/caching-fundamentals'));
    await runDone(run);
    await run.locator('.ce-numbers summary').click();
    const ran = await new AxeBuilder({ page: run }).include('[data-testid="cache-widget"]').analyze();
    const summary = [...step.violations, ...ran.violations]
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(summary, []);
    await context.close();
  });
}

test('the widget fits a phone-sized screen in both modes', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  for (const url of [NOTE, widgetUrl('cache-eviction', 'mode=run&requests=5000')]) {
    const page = await openWidget(context, url);
    if (url !== NOTE) await runDone(page);
    const [overflow, right] = await page.evaluate(() => {
      const w = document.querySelector('[data-testid="cache-widget"]');
      return [w.scrollWidth - w.clientWidth, w.getBoundingClientRect().right];
    });
    assert.ok(overflow <= 0, `${url}: the widget overflows by ${overflow}px`);
    assert.ok(right <= 390, `${url}: the widget ends at ${right}px`);
    for (const id of ['cache-mode', 'cache-capacity', 'cache-policy-pick-lru']) {
      const box = await widget(page).getByTestId(id).boundingBox();
      const parent = id.startsWith('cache-policy-pick') ? await widget(page).getByTestId(id).locator('..').boundingBox() : box;
      assert.ok(parent.height >= 44, `${id} is ${parent.height}px tall`);
    }
    assert.deepEqual(page.errors, []);
  }
  await context.close();
});

test('on its own page at 320 px, every control stays inside the widget', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
  const page = await openWidget(context, widgetUrl('cache-eviction'));
  // The trace form too, which starts folded.
  await page.evaluate(() => document.querySelectorAll('[data-testid="cache-widget"] details').forEach((d) => { d.open = true; }));
  const [overflow, sideways, outside] = await page.evaluate(() => {
    const w = document.querySelector('[data-testid="cache-widget"]');
    const right = w.getBoundingClientRect().right;
    const page = document.documentElement;
    const outside = [...w.querySelectorAll('select, input, button, textarea')]
      .filter((e) => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > right + 0.5)
      .map((e) => e.dataset.testid || e.dataset.field || e.tagName);
    return [w.scrollWidth - w.clientWidth, page.scrollWidth - page.clientWidth, outside];
  });
  assert.ok(overflow <= 0, `the widget overflows by ${overflow}px`);
  assert.ok(sideways <= 0, `the page scrolls sideways by ${sideways}px`);
  assert.deepEqual(outside, []);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('timing: 1,000,000 requests through all 11 policies at 100,000 entries, and LRU\'s exact curve', async (t) => {
  const context = await browser.newContext();
  const page = await openPage(context);
  const query = 'mode=run&policies=fifo,lru,lfu,clock,random,two-q,arc,sieve,s3-fifo,w-tinylfu,belady'
    + '&capacity=100000&workload=zipf&objects=1000000&skew=0.99&requests=1000000&seed=42';
  await page.goto(widgetUrl('cache-eviction', query));
  await hydrated(page);
  // The longest gap between animation frames while the run is in progress: the page
  // stays responsive if it is short.
  await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    const tick = (now) => {
      window.__gaps.push(now - last);
      last = now;
      if (!window.__stopFrames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const timing = widget(page).getByTestId('cache-timing');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="cache-timing"]')?.dataset.lruCurveMs,
    null,
    { timeout: 60000 },
  );
  const policiesMs = Number(await timing.getAttribute('data-policies-ms'));
  const lruCurveMs = Number(await timing.getAttribute('data-lru-curve-ms'));
  const progress = await widget(page).getByTestId('cache-run-status').textContent();
  assert.match(progress, /^Computing the miss-ratio curves: \d+%$/);
  // Then the other policies' curves, each simulated at about a dozen sizes; the memory
  // is read once the run is over, and only grows, so it is the whole run's peak.
  await page.waitForFunction(
    () => document.querySelector('[data-testid="cache-timing"]')?.dataset.memoryBytes,
    null,
    { timeout: 120000 },
  );
  const curvesMs = Number(await timing.getAttribute('data-curves-ms'));
  const longestGapMs = await page.evaluate(() => { window.__stopFrames = true; return Math.max(...window.__gaps); });
  const memoryBytes = await bundleMemoryBytes(page, 'cache-eviction');
  const finals = await widget(page).locator('[data-testid="cache-finals"] li').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.dataset.policy, Number(e.dataset.hitRatio)])));
  assert.equal(Object.keys(finals).length, 11);
  for (const [name, r] of Object.entries(finals)) assert.ok(r <= finals.belady, `${name} beat Belady`);
  const figures = {
    'all-policies-1m-at-100k-ms': Math.round(policiesMs),
    'lru-curve-1m-ms': Math.round(lruCurveMs),
    'all-curves-1m-ms': Math.round(curvesMs),
    'longest-frame-gap-during-run-ms': Math.round(longestGapMs),
    'wasm-memory-peak-mb': Math.round(memoryBytes / 1048576),
  };
  t.diagnostic(JSON.stringify(figures));
  console.log('cache-eviction timings', figures);
  recordResult('cache-eviction', figures);
  assert.ok(memoryBytes > 0, 'the WebAssembly memory was read');
  assert.deepEqual(page.errors, []);
  await context.close();
});
