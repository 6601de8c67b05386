// The rate-limiter widget: on the rate-limiting-algorithms page it replays the note's
// worked example and shows the crate's counts; requests sent by hand (button and key `r`)
// and by pattern are decided and narrated; playback steps, steps back, scrubs and plays;
// a share link restores the exact state; presets and the distributed view show what they
// promise; it works from the keyboard alone, fits a phone, passes axe in both themes; and
// a 60-second, 10,000-request timeline redraws within a frame after a parameter change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import {
  launch, openPage, hydrated, noteUrl, widgetUrl, bundleMemoryBytes, recordResult, frameWork,
} from './browser.mjs';

const NOTE = noteUrl('apis/rate-limiting-algorithms');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens `url` and waits for the widget to replace its fallback. */
async function openWidget(context, url = NOTE) {
  const page = await openPage(context);
  await page.goto(url);
  await hydrated(page);
  await page.getByTestId('rate-widget').first().waitFor();
  return page;
}

/** The totals table: { algorithm id: { accepted, delayed, rejected, burst, state } }. */
async function totals(page) {
  return page.getByTestId('rate-summary').evaluate((table) => {
    const out = {};
    for (const tr of table.querySelectorAll('tbody tr')) {
      const cell = (c) => tr.querySelector(`[data-col="${c}"]`).textContent;
      out[tr.dataset.algorithm] = {
        accepted: Number(cell('accepted')),
        delayed: Number(cell('delayed')),
        rejected: Number(cell('rejected')),
        burst: Number(cell('burst')),
        state: cell('state'),
      };
    }
    return out;
  });
}

/** Waits until the newest log line starts with `prefix`, and returns it. */
async function said(page, prefix) {
  await page.waitForFunction(
    (p) => document.querySelector('[data-testid="rate-log"] li')?.textContent.startsWith(p),
    prefix,
    { timeout: 5000 },
  );
  return page.getByTestId('rate-log').locator('li').first().textContent();
}

const stepText = (page) => page.locator('.widget-playback-scrub > span').textContent();

test('the note\'s widget replays the worked example with the crate\'s counts', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  assert.equal(await page.locator('.widget-mount .widget-fallback').count(), 0);
  assert.equal(await page.locator('.rl-lane[data-algorithm]').count(), 7);
  assert.equal(await page.getByTestId('rate-arrivals').textContent(), '14 requests over 90 s, 14 sent by hand');
  // The figures `cargo run -p rate-limiting --example decide -- --limit 10 --window 60s
  // --burst 10` prints for these 14 times (and `notes_check.rs` pins natively).
  const t = await totals(page);
  const admitted = (id) => t[id].accepted + t[id].delayed;
  assert.deepEqual(
    Object.fromEntries(Object.keys(t).map((id) => [id, admitted(id)])),
    {
      'token-bucket': 12, 'leaky-meter': 12, 'leaky-queue': 13, 'fixed-window': 14,
      'sliding-log': 10, 'sliding-counter': 12, gcra: 12,
    },
  );
  assert.equal(t['leaky-queue'].delayed, 12);
  assert.equal(t['fixed-window'].burst, 14);
  assert.equal(t['sliding-log'].burst, 10);
  assert.equal(await stepText(page), 'Step 14 of 14');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('stepping back, stepping, scrubbing and playing move the playhead and narrate', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  await page.getByTestId('rate-back').click();
  await page.getByTestId('rate-back').click();
  assert.equal(await stepText(page), 'Step 12 of 14');
  let t = await totals(page);
  assert.equal(t['fixed-window'].accepted, 12);
  await page.getByTestId('rate-step').click();
  const line = await said(page, 'Request 13 at t=75 s: ');
  assert.match(line, /fixed window accepted: request 3 in window 1/);
  assert.match(line, /sliding log rejected until t=119 s: the log is full/);
  // Scrub to the start: nothing decided, every lane empty.
  await page.getByTestId('rate-scrub').fill('0');
  assert.equal(await stepText(page), 'Step 0 of 14');
  t = await totals(page);
  assert.equal(t['token-bucket'].accepted + t['token-bucket'].rejected, 0);
  assert.equal(await page.locator('.rl-lane[data-algorithm] path.rl-acc').count(), 0);
  // Play at 8×: it steps by itself, then pauses when asked.
  await page.getByTestId('rate-speed').selectOption('8');
  await page.getByTestId('rate-play').click();
  await said(page, 'Request 3 ');
  await page.getByTestId('rate-play').click();
  assert.equal(await page.getByTestId('rate-play').textContent(), 'Play');
  const paused = await stepText(page);
  await page.waitForTimeout(300);
  assert.equal(await stepText(page), paused, 'nothing moves while paused');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('requests sent by hand, with the button and with `r`, are decided at once', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context, widgetUrl('rate-limiter', 'traffic=manual&algorithms=token-bucket,fixed-window&limit=2&burst=2'));
  assert.equal(await page.getByTestId('rate-arrivals').textContent(), '0 requests over 10 s');
  await page.getByTestId('rate-send').click();
  await said(page, 'Sent by hand. Request 1 at t=0: token bucket accepted: took a token; 1 left');
  await page.getByTestId('rate-send').click();
  await said(page, 'Sent by hand. Request 2 ');
  // The third comes from the keyboard, well within the half second a token takes.
  await page.getByTestId('rate-send').focus();
  await page.keyboard.press('r');
  const third = await said(page, 'Sent by hand. Request 3 ');
  assert.match(third, /token bucket rejected until t=\d/);
  const t = await totals(page);
  assert.deepEqual([t['token-bucket'].accepted, t['token-bucket'].rejected], [2, 1]);
  assert.match(await page.getByTestId('rate-arrivals').textContent(), /^3 requests over 10 s, 3 sent by hand$/);
  assert.equal((await page.getByTestId('rate-clear').textContent()).trim(), 'Clear 3 sent by hand');
  await page.getByTestId('rate-clear').click();
  await said(page, 'Cleared the requests sent by hand.');
  assert.equal(await page.getByTestId('rate-arrivals').textContent(), '0 requests over 10 s');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('traffic patterns and limits change the counts, and bad values get a message', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context, widgetUrl('rate-limiter'));
  // The defaults: bursts of 8 every 2 s for 10 s against 5 per second, bursts of 5.
  assert.equal(await page.getByTestId('rate-arrivals').textContent(), '48 requests over 10.2 s');
  let t = await totals(page);
  assert.deepEqual([t['token-bucket'].accepted, t['token-bucket'].rejected], [30, 18]);
  assert.deepEqual([t['leaky-queue'].accepted, t['leaky-queue'].delayed, t['leaky-queue'].rejected], [6, 30, 12]);
  // Steady traffic at 4 a second is under the limit: everything passes.
  await page.getByTestId('rate-traffic').selectOption('steady');
  await said(page, 'Traffic: Steady. Of 41 requests decided');
  t = await totals(page);
  for (const id of Object.keys(t)) assert.equal(t[id].accepted, 41, id);
  await page.getByTestId('rate-per-second').fill('10');
  await page.getByTestId('rate-per-second').press('Tab');
  await said(page, 'Set per_second to 10.');
  t = await totals(page);
  assert.equal(t['fixed-window'].accepted + t['fixed-window'].rejected, 101);
  assert.equal(t['fixed-window'].accepted, 51, 'the first 5 of each of 10 windows, and the one at 10 s');
  // A value out of range is refused with the range.
  await page.getByTestId('rate-limit').fill('0');
  await page.getByTestId('rate-limit').press('Tab');
  await page.locator('.rl .widget-error[role="alert"]').waitFor();
  assert.match(await page.locator('.rl .widget-error').textContent(), /`limit` must be 1 to 1000, not 0/);
  assert.equal((await totals(page))['fixed-window'].accepted, 51);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a share link restores the exact state, playhead and hand-sent requests included', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context, widgetUrl('rate-limiter'));
  await page.getByTestId('rate-algo-sliding-log').uncheck();
  await said(page, 'Removed sliding log.');
  await page.getByTestId('rate-send').click();
  await said(page, 'Sent by hand. ');
  await page.getByTestId('rate-back').click();
  await page.getByTestId('rate-back').click();
  const step = await stepText(page);
  const before = await totals(page);
  const link = await page.getByTestId('rate-share-url').inputValue();
  assert.match(link, /\/widgets\/rate-limiter\/\?/);
  assert.match(link, /manual=\d+/);
  assert.match(link, /position=\d+/);
  assert.doesNotMatch(link, /sliding-log/);
  const own = await openWidget(context, link);
  assert.equal(await stepText(own), step);
  assert.deepEqual(await totals(own), before);
  assert.equal(await own.getByTestId('rate-share-url').inputValue(), link);
  assert.equal(await own.locator('h1').textContent(), 'Rate-limiter timeline');
  assert.ok(await own.locator('.widget-page-uses a[href$="/notes/apis/rate-limiting-algorithms/"]').count() === 1);
  assert.deepEqual([...page.errors, ...own.errors], []);
  await context.close();
});

test('a link that cannot be used says why', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context, widgetUrl('rate-limiter', 'limit=0'));
  assert.match(await page.getByTestId('widget-link-problem').textContent(), /`limit` must be 1 to 1000, not 0/);
  assert.equal(await page.locator('.rl-lane[data-algorithm]').count(), 7);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('presets set up their scenario', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context, widgetUrl('rate-limiter'));
  await page.getByTestId('rate-preset').selectOption('window-boundary');
  await said(page, 'Preset: The window-boundary burst.');
  let t = await totals(page);
  assert.deepEqual([t['fixed-window'].accepted, t['fixed-window'].burst], [10, 10]);
  assert.equal(t['sliding-log'].accepted, 5);
  await page.getByTestId('rate-preset').selectOption('gcra-one-number');
  await said(page, 'Preset: Why GCRA needs one number.');
  t = await totals(page);
  assert.deepEqual(t.gcra.accepted, t['token-bucket'].accepted);
  await page.getByTestId('rate-preset').selectOption('queue-latency');
  await said(page, 'Preset: A queue that adds latency.');
  assert.equal(await page.locator('tr[data-algorithm="leaky-queue"] [data-col="delay"]').textContent(), '2 s');
  await page.getByTestId('rate-preset').selectOption('bursty-vs-steady');
  await said(page, 'Preset: Bursty client vs steady client.');
  assert.match(await page.locator('.rl-lane[data-algorithm="fixed-window"] .rl-lane-head').textContent(), /steady client 0 of 20 admitted/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the distributed view shows a late shared counter overshooting', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context, noteUrl('apis/rate-limiting-concepts'));
  assert.equal(await page.locator('.rl-lane[data-instance]').count(), 4);
  const max = async () => Number(await page.getByTestId('rate-cluster-max').textContent());
  assert.ok(await max() > 10, `overshoot ${await max()}`);
  await page.getByTestId('rate-sync').fill('0');
  await page.getByTestId('rate-sync').press('Tab');
  await said(page, 'Set sync_ms to 0.');
  assert.equal(await max(), 10);
  await page.getByTestId('rate-view').selectOption('timeline');
  await said(page, 'Showing the timeline view.');
  assert.equal(await page.locator('.rl-lane[data-algorithm]').count(), 1);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the widget works from the keyboard alone', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context, widgetUrl('rate-limiter', 'traffic=manual&algorithms=token-bucket'));
  await page.getByTestId('rate-view').focus();
  // Tab to the send button and press Enter, then `r` twice.
  while (await page.evaluate(() => document.activeElement?.dataset.testid) !== 'rate-send') {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await said(page, 'Sent by hand. Request 1 ');
  await page.keyboard.press('r');
  await page.keyboard.press('r');
  await said(page, 'Sent by hand. Request 3 ');
  // `,` steps back and `.` steps, from anywhere in the widget outside a text field.
  await page.keyboard.press(',');
  assert.equal(await stepText(page), 'Step 2 of 3');
  await page.keyboard.press('.');
  await said(page, 'Request 3 ');
  assert.equal(await stepText(page), 'Step 3 of 3');
  // Typing in a number field types; it does not send.
  await page.getByTestId('rate-limit').focus();
  await page.keyboard.press('r');
  assert.equal(await stepText(page), 'Step 3 of 3');
  // A checkbox toggles with Space.
  await page.getByTestId('rate-algo-gcra').focus();
  await page.keyboard.press('Space');
  await said(page, 'Added GCRA.');
  assert.equal(await page.locator('.rl-lane[data-algorithm]').count(), 2);
  assert.deepEqual(page.errors, []);
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds no violations in the widget, ${colorScheme} theme`, async () => {
    const context = await browser.newContext({ colorScheme });
    const page = await openWidget(context);
    await page.getByTestId('rate-back').click();
    const results = await new AxeBuilder({ page }).include('[data-testid="rate-widget"]').analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(summary, []);
    await context.close();
  });
}

for (const [where, url, width] of [['in the note', NOTE, 390], ['on its own page', widgetUrl('rate-limiter'), 320]]) {
  test(`the widget fits a phone-sized screen, ${where} at ${width} px`, async () => {
    const context = await browser.newContext({ viewport: { width, height: 844 } });
    const page = await openWidget(context, url);
    const [overflow, right, sideways] = await page.evaluate(() => {
      const w = document.querySelector('[data-testid="rate-widget"]');
      const page = document.documentElement;
      return [w.scrollWidth - w.clientWidth, w.getBoundingClientRect().right, page.scrollWidth - page.clientWidth];
    });
    assert.ok(overflow <= 0, `the widget overflows by ${overflow}px`);
    assert.ok(right <= width, `the widget ends at ${right}px`);
    assert.ok(sideways <= 0, `the page scrolls sideways by ${sideways}px`);
    for (const id of ['rate-send', 'rate-play', 'rate-step', 'rate-back', 'rate-limit', 'rate-traffic', 'rate-preset', 'rate-view']) {
      const box = await page.getByTestId(id).boundingBox();
      assert.ok(box.height >= 44, `${id} is ${box.height}px tall`);
      assert.ok(box.x + box.width <= right + 0.5, `${id} sticks out to ${box.x + box.width}px`);
    }
    await context.close();
  });
}

test('stepping keeps the totals table where the reader scrolled it, and its focus', async () => {
  // On a phone the table scrolls sideways; each step redraws the view in place, so the
  // reader's scroll position and focus survive it.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await openWidget(context, widgetUrl('rate-limiter'));
  const wrap = page.locator('.rl-table-wrap');
  const before = await wrap.evaluate((el) => {
    el.scrollLeft = 200;
    el.focus();
    window.scrolledTable = el;
    return el.scrollLeft;
  });
  assert.ok(before > 0, 'the table scrolls sideways at phone width');
  const step = await stepText(page);
  await page.keyboard.press(','); // a step back, from the keyboard, focus staying in the table
  await page.waitForFunction((s) => document.querySelector('.widget-playback-scrub > span').textContent !== s, step);
  const after = await wrap.evaluate((el) => ({
    scroll: el.scrollLeft,
    same: el === window.scrolledTable,
    focused: document.activeElement === el,
  }));
  assert.deepEqual(after, { scroll: before, same: true, focused: true });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('timing: a 60-second, 10,000-request timeline of all seven algorithms redraws within a frame', async (t) => {
  const context = await browser.newContext();
  const page = await openPage(context);
  await page.goto(widgetUrl('rate-limiter', 'traffic=poisson&per_second=170&duration_ms=60000&limit=100&burst=100'));
  await hydrated(page);
  await page.getByTestId('rate-widget').waitFor();
  assert.match(await page.getByTestId('rate-arrivals').textContent(), /^10000 requests over /);
  // Two figures per change. `work`: from the change event to the DOM updated and laid out
  // (the run, the totals, the drawing, the reactive updates: every microtask drained, then a
  // forced layout). `frames`: the change is made inside an animation frame; how many frames
  // pass until the next one, i.e. 1 when it was painted in the very next frame.
  const measure = (testid, value, event) => page.evaluate(async ([id, v, kind]) => {
    const input = document.querySelector(`[data-testid="${id}"]`);
    const out = document.querySelector('.rl-output');
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    await frame();
    const start = performance.now();
    input.value = String(v);
    input.dispatchEvent(new Event(kind, { bubbles: true }));
    for (let i = 0; i < 500; i++) await Promise.resolve();
    void out.offsetHeight;
    const work = performance.now() - start;
    await frame();
    const [tb, tc] = await new Promise((r) => requestAnimationFrame((b) => {
      input.value = String(v + 1);
      input.dispatchEvent(new Event(kind, { bubbles: true }));
      requestAnimationFrame((c) => r([b, c]));
    }));
    return { work, frames: Math.round((tc - tb) / 16.667) };
  }, [testid, value, event]);
  const changes = [];
  for (let i = 0; i < 9; i++) {
    changes.push(await measure('rate-limit', 100 + 2 * i, 'change'));
    await said(page, 'Set limit to ');
  }
  const scrubs = [];
  for (let i = 0; i < 7; i++) scrubs.push(await measure('rate-scrub', 2000 + i * 1000, 'input'));
  const times = changes.map((c) => c.work);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const memory = await bundleMemoryBytes(page, 'rate-limiter');
  const figures = {
    timeline_10k_requests_7_algorithms_param_change_ms: Number(median(times).toFixed(1)),
    timeline_10k_requests_7_algorithms_param_change_max_ms: Number(Math.max(...times).toFixed(1)),
    timeline_10k_requests_param_change_frames_to_paint: median(changes.map((c) => c.frames)),
    timeline_10k_requests_scrub_ms: Number(median(scrubs.map((c) => c.work)).toFixed(1)),
    timeline_10k_requests_scrub_frames_to_paint: median(scrubs.map((c) => c.frames)),
    bundle_wasm_memory_bytes_with_10k_timeline: memory,
  };
  // The same change traced from the event to the commit of the frame that shows it
  // (`frameWork`): the figure comparable with the other widgets', paint included.
  const traced = await frameWork(page, 7, (i) => {
    const input = document.querySelector('[data-testid="rate-limit"]');
    input.value = String(150 + 2 * i);
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, (i) => said(page, `Set limit to ${150 + 2 * i}`));
  figures.timeline_10k_requests_7_algorithms_param_change_main_thread_ms = median(traced.slice(1).map((r) => r.work));
  t.diagnostic(JSON.stringify(figures));
  console.log('rate-limiter timing', JSON.stringify(figures));
  recordResult('rate-limiter', figures);
  assert.ok(memory > 0 && memory < 16 * 1024 * 1024, `wasm memory ${memory} bytes`);
  assert.deepEqual(page.errors, []);
  await context.close();
});
