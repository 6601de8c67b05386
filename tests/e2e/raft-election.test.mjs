// The Raft election stepper: it mounts on the Raft note with no console error; playing
// elects a leader; crashing it elects another in a higher term; a partition and a heal
// are narrated; stepping back and acting forks a new future; the share link restores the
// exact state on the widget's own page; it works from the keyboard alone; every preset
// loads; axe finds nothing in either theme; it fits a phone. Its `timing:` test measures
// issue 5's browser targets (a scrub of a 10,000-event run redrawn within a 16 ms frame;
// the history of that run under 64 MB: the widget bundle's WebAssembly memory with that
// run minus with an empty one, an upper bound since that memory only grows) and records them with
// recordResult for BENCHMARKS.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import {
  launch, openPage, hydrated, noteUrl, widgetUrl, bundleMemoryBytes, recordResult, frameWork,
} from './browser.mjs';

const PAGE = noteUrl('replication/raft-and-leader-election');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens `url` and waits for the first Raft widget to mount. */
async function openWidget(context, url = PAGE) {
  const page = await openPage(context);
  await page.goto(url);
  await hydrated(page);
  await page.getByTestId('raft-widget').first().waitFor();
  return page;
}

const W = (page) => page.getByTestId('raft-widget').first();
const latest = (page) => W(page).getByTestId('raft-log').locator('li').first();
const leaderText = (page) => W(page).getByTestId('raft-leader').textContent();
const scrubLabel = async (page) => {
  const text = await W(page).locator('.widget-playback-scrub > span').textContent();
  const [, pos, end] = text.match(/Step (\d+) of (\d+)/);
  return { pos: Number(pos), end: Number(end) };
};

/** Moves the scrubber to `n` as a pointer would (range inputs cannot be filled). */
async function scrubTo(page, n) {
  await W(page).getByTestId('raft-scrub').evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, n);
}

/** Waits until some narration line (newest first) matches `re`; returns it. */
async function said(page, re, timeout = 10000) {
  await page.waitForFunction(
    ([src, flags]) => [...document.querySelectorAll('[data-testid="raft-log"] li')]
      .some((li) => new RegExp(src, flags).test(li.textContent)),
    [re.source, re.flags],
    { timeout },
  );
  const lines = await W(page).getByTestId('raft-log').locator('li').allTextContents();
  return lines.find((l) => re.test(l));
}

/** Plays until `predicate(leaderText)` holds, then pauses. */
async function playUntil(page, predicate, timeout = 20000) {
  await W(page).getByTestId('raft-speed').selectOption('8');
  await W(page).getByTestId('raft-play').click();
  const started = Date.now();
  while (!predicate(await leaderText(page))) {
    if (Date.now() - started > timeout) throw new Error(`timed out; leader text: ${await leaderText(page)}`);
    await page.waitForTimeout(50);
  }
  if ((await W(page).getByTestId('raft-play').textContent()).trim() === 'Pause') {
    await W(page).getByTestId('raft-play').click();
  }
  return leaderText(page);
}

const leads = (t) => /^S\d leads term \d+$/.test(t);
const parseLeader = (t) => { const m = t.match(/^S(\d) leads term (\d+)$/); return m && { id: Number(m[1]), term: Number(m[2]) }; };

test('the widget mounts on the Raft note with no console error', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  assert.equal(await page.locator('.widget-mount .widget-fallback').count(), 0);
  assert.equal(await W(page).locator('.rf-svg [data-node]').count(), 5);
  assert.equal(await W(page).getByTestId('raft-invariants').locator('li.rf-holds').count(), 5);
  assert.equal(await W(page).getByTestId('raft-preset').inputValue(), 'clean-election');
  assert.equal(await leaderText(page), 'no leader');
  const { pos, end } = await scrubLabel(page);
  assert.equal(pos, 0);
  assert.ok(end > 10, `the preset is recorded ahead: ${end} events`);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('playing elects a leader; crashing it elects another in a higher term', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  const first = parseLeader(await playUntil(page, leads));
  assert.ok(first, 'a leader');
  // The inspector agrees with the status line.
  await W(page).getByTestId('raft-pick').selectOption(`n${first.id - 1}`);
  const fields = await W(page).getByTestId('raft-inspector').locator('dl').textContent();
  assert.match(fields, new RegExp(`roleLeader.*currentTerm${first.term}`));
  assert.equal((await W(page).getByTestId('raft-crash').textContent()).trim(), `Crash S${first.id}`);
  await W(page).getByTestId('raft-crash').click();
  await said(page, new RegExp(`Event \\d+: Crash S${first.id}\\.$`));
  assert.equal(await W(page).locator(`.rf-svg [data-node="${first.id - 1}"].rf-down`).count(), 1);
  const second = parseLeader(await playUntil(page, (t) => leads(t) && !t.startsWith(`S${first.id} `)));
  assert.notEqual(second.id, first.id);
  assert.ok(second.term > first.term, `${second.term} > ${first.term}`);
  assert.equal((await W(page).getByTestId('raft-crash').textContent()).trim(), `Restart S${first.id}`);
  assert.equal(await W(page).getByTestId('raft-invariants').locator('li.rf-holds').count(), 5);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a partition is narrated, the majority elects a leader, and heal reconnects', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  await W(page).getByTestId('raft-preset').selectOption('');
  await said(page, /^A free run of 5 servers\.$/);
  assert.equal(await W(page).getByTestId('raft-heal').isDisabled(), true);
  await W(page).getByTestId('raft-side-1').check();
  await W(page).getByTestId('raft-side-2').check();
  await W(page).getByTestId('raft-partition').click();
  await said(page, /^Event 1: Partition \{S1,S2\} \{S3,S4,S5\}\.$/);
  assert.equal(await W(page).locator('.rf-svg .rf-cut').count(), 6);
  const leader = parseLeader(await playUntil(page, leads));
  assert.ok(leader.id >= 3, `the majority side leads: S${leader.id}`);
  await W(page).getByTestId('raft-heal').click();
  await said(page, /: Heal the network\.$/);
  assert.equal(await W(page).locator('.rf-svg .rf-cut').count(), 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('stepping back and acting forks a new future, and the share link restores it exactly', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  await playUntil(page, leads);
  const before = await scrubLabel(page);
  await W(page).getByTestId('raft-back').click();
  await W(page).getByTestId('raft-back').click();
  await said(page, new RegExp(`^Stepped back to event ${before.pos - 2}\\.`));
  assert.deepEqual(await scrubLabel(page), { pos: before.pos - 2, end: before.end });
  // Scrub further back, then act: the recorded future is replaced.
  await scrubTo(page, 5);
  await said(page, /^(Moved|Stepped back) to event 5\./);
  await W(page).getByTestId('raft-pick').selectOption('n4');
  await W(page).getByTestId('raft-crash').click();
  const fork = await said(page, /^Forked a new future at event 5\. Event 6: Crash S5\.$/);
  assert.ok(fork);
  assert.deepEqual(await scrubLabel(page), { pos: 6, end: 6 });
  for (let i = 0; i < 12; i++) await W(page).getByTestId('raft-step').click();
  await W(page).getByTestId('raft-back').click();
  // The pick is not part of the state a link carries: back to the default one.
  await W(page).getByTestId('raft-pick').selectOption('n0');
  const state = await scrubLabel(page);
  const svgOf = (p, sel) => W(p).locator(sel).evaluate((el) => el.outerHTML);
  const clusterHtml = await svgOf(page, '.rf-svg');
  const logsHtml = await svgOf(page, '.rf-logs-svg');

  await W(page).locator('.widget-share > summary').click();
  const url = await W(page).getByTestId('raft-share-url').inputValue();
  assert.match(url, /\/widgets\/raft-election\/\?/);
  assert.match(decodeURIComponent(url), /actions=crash:5@5/);

  const other = await openWidget(context, url);
  assert.deepEqual(await scrubLabel(other), state);
  assert.equal(await svgOf(other, '.rf-svg'), clusterHtml);
  assert.equal(await svgOf(other, '.rf-logs-svg'), logsHtml);
  assert.equal(await W(other).getByTestId('raft-share-url').inputValue(), url);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(other.errors, []);
  await context.close();
});

test('the widget works from the keyboard alone', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  const url = page.url();
  // Tab into the playback controls and step with Enter.
  await W(page).getByTestId('raft-play').focus();
  // "Step back" is disabled at the start, so Tab skips it.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'raft-step');
  await page.keyboard.press('Enter');
  await said(page, /^Event 1 \(t=\d+\): /);
  // The shared shortcuts: `.` steps, `,` steps back, `k` plays and pauses.
  await page.keyboard.press('.');
  await page.keyboard.press('.');
  assert.equal((await scrubLabel(page)).pos, 3);
  await page.keyboard.press(',');
  assert.equal((await scrubLabel(page)).pos, 2);
  await page.keyboard.press('k');
  await page.waitForFunction(() => document.querySelector('[data-testid="raft-play"]').textContent.trim() === 'Pause');
  await page.keyboard.press('k');
  await page.waitForFunction(() => document.querySelector('[data-testid="raft-play"]').textContent.trim() === 'Play');
  // Picking a server and crashing it, by keyboard.
  await W(page).getByTestId('raft-pick').focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await W(page).getByTestId('raft-pick').inputValue(), 'n1');
  await W(page).getByTestId('raft-crash').focus();
  await page.keyboard.press('Enter');
  await said(page, /: Crash S2\.$/);
  assert.equal(page.url(), url, 'the page did not turn');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('every preset loads and says what it shows', async () => {
  const context = await browser.newContext();
  const page = await openWidget(context);
  const values = await W(page).getByTestId('raft-preset').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.equal(values.length, 8);
  for (const value of values.filter(Boolean)) {
    await W(page).getByTestId('raft-preset').selectOption(value);
    const line = await said(page, /^Preset: /);
    const about = await W(page).getByTestId('raft-about').textContent();
    assert.ok(line.endsWith(about), `${value}: ${line}`);
    const { pos, end } = await scrubLabel(page);
    assert.equal(pos, 0);
    assert.ok(end > 10, `${value}: ${end} events`);
    // Jump to the end: the scenario ran with every property holding.
    await scrubTo(page, end);
    await said(page, new RegExp(`^Moved to event ${end}\\.`));
    assert.equal(await W(page).getByTestId('raft-invariants').locator('li.rf-holds').count(), 5, value);
  }
  const servers = await W(page).locator('.rf-svg [data-node]').count();
  assert.equal(servers, 5, 'the last preset (disruptive server) has five');
  assert.deepEqual(page.errors, []);
  await context.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds no violations with the widget mounted and used, ${colorScheme} theme`, async () => {
    const context = await browser.newContext({ colorScheme });
    const page = await openWidget(context);
    await playUntil(page, leads);
    const results = await new AxeBuilder({ page }).include('[data-testid="raft-widget"]').analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(summary, []);
    await context.close();
  });
}

test('the widget fits a phone-sized screen', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await openWidget(context);
  const [overflow, right] = await page.evaluate(() => {
    const w = document.querySelector('[data-testid="raft-widget"]');
    return [w.scrollWidth - w.clientWidth, w.getBoundingClientRect().right];
  });
  assert.ok(overflow <= 0, `the widget overflows by ${overflow}px`);
  assert.ok(right <= 390, `the widget ends at ${right}px`);
  for (const id of ['raft-play', 'raft-step', 'raft-crash', 'raft-write', 'raft-preset', 'raft-pick', 'raft-partition']) {
    const box = await W(page).getByTestId(id).boundingBox();
    assert.ok(box.height >= 44, `${id} is ${box.height}px tall`);
  }
  await context.close();
});

/** The median main-thread work of 9 scrubs to scattered points of the 10,000-event run. */
async function scrubMainThread(page) {
  const traced = await frameWork(page, 9, (i) => {
    const scrub = document.querySelector('[data-testid="raft-scrub"]');
    scrub.value = String((i * 3571 + 1234) % 10001);
    scrub.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const works = traced.slice(1).map((r) => r.work).sort((a, b) => a - b);
  return works[Math.floor(works.length / 2)];
}

test('timing: scrubbing to any point of a 10,000-event run redraws within a frame; its history\'s memory', async (t) => {
  const EVENTS = 10000;
  const context = await browser.newContext();

  // Memory: the widget's page with an empty run, and with a 10,000-event run recorded.
  const empty = await openPage(context);
  await empty.goto(widgetUrl('raft-election'));
  await hydrated(empty);
  await W(empty).waitFor();
  const emptyBytes = await bundleMemoryBytes(empty, 'raft-election');
  await empty.close();
  const page = await openPage(context);
  const started = Date.now();
  await page.goto(widgetUrl('raft-election', `events=${EVENTS}&position=${EVENTS}`));
  await hydrated(page);
  await W(page).waitFor();
  const loadMs = Date.now() - started;
  assert.deepEqual(await scrubLabel(page), { pos: EVENTS, end: EVENTS });
  const fullBytes = await bundleMemoryBytes(page, 'raft-election');
  assert.ok(emptyBytes > 0 && fullBytes > 0, 'the WebAssembly memory is visible');
  const historyMb = (fullBytes - emptyBytes) / 2 ** 20;

  // Scrub: from just after a frame, set the slider to a seeded random point and dispatch
  // its input event (the effect seeks the history; drawing, logs and panels are rebuilt),
  // let every queued task run, and force style and layout: that is the redraw's cost.
  // Separately, the time until a task queued from the next animation frame, which also
  // counts paint but includes waiting for the next 60 Hz frame to begin.
  const times = await page.evaluate(async (events) => {
    const scrub = document.querySelector('[data-testid="raft-scrub"]');
    const widget = document.querySelector('[data-testid="raft-widget"]');
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const out = [];
    let seed = 12345;
    for (let i = 0; i < 60; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const target = seed % (events + 1);
      await frame();
      const start = performance.now();
      scrub.value = String(target);
      scrub.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 0));
      void widget.getBoundingClientRect().height;
      const redraw = performance.now() - start;
      await frame();
      out.push({ target, redraw, frame: performance.now() - start });
    }
    return out;
  }, EVENTS);
  assert.equal((await scrubLabel(page)).pos, times.at(-1).target, 'the last scrub landed');
  const quantile = (key, q) => {
    const xs = times.map((x) => x[key]).sort((a, b) => a - b);
    return Number(xs[Math.min(xs.length - 1, Math.floor(xs.length * q))].toFixed(1));
  };
  const figures = {
    scrub_10000_events_redraw_median_ms: quantile('redraw', 0.5),
    scrub_10000_events_redraw_p95_ms: quantile('redraw', 0.95),
    scrub_10000_events_redraw_max_ms: quantile('redraw', 1),
    scrub_10000_events_to_next_frame_median_ms: quantile('frame', 0.5),
    // The same scrub traced from the input event to the commit of the frame that shows it
    // (`frameWork`): the figure comparable with the other widgets', paint included.
    scrub_10000_events_main_thread_median_ms: await scrubMainThread(page),
    record_10000_events_page_load_ms: loadMs,
    wasm_memory_empty_run_bytes: emptyBytes,
    wasm_memory_10000_events_bytes: fullBytes,
    history_10000_events_upper_bound_mb: Number(historyMb.toFixed(2)),
  };
  t.diagnostic(JSON.stringify(figures));
  recordResult('raft-election', figures);
  assert.ok(figures.scrub_10000_events_redraw_median_ms < 16, `the median redraw takes ${figures.scrub_10000_events_redraw_median_ms} ms`);
  assert.ok(historyMb < 64, `the history takes up to ${historyMb.toFixed(1)} MB`);
  assert.deepEqual(page.errors, []);
  await context.close();
});
