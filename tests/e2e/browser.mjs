// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core
// (no browser download), the site's address, the book's pages from SUMMARY.md, and a
// page wrapper that records console errors and waits for hydration.
import { chromium } from 'playwright-core';
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const SITE = process.env.SITE_URL ?? 'http://127.0.0.1:8080';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function launch() {
  const executablePath = execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Every page of the book in reading order, as { path, title } from SUMMARY.md. */
export function bookPages() {
  const summary = readFileSync(path.join(ROOT, 'content/SUMMARY.md'), 'utf8');
  const pages = [];
  for (const m of summary.matchAll(/\[([^\]]+)\]\(([^)]+)\.md\)/g)) {
    pages.push({ title: m[1], path: m[2].replace(/\/index$/, '') });
  }
  return pages;
}

export const noteUrl = (p) => `${SITE}/notes/${p}/`;

/** A new page that collects console errors and uncaught exceptions. */
export async function openPage(context) {
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.errors.push(msg.text()); });
  page.on('pageerror', (err) => page.errors.push(String(err)));
  return page;
}

/** Waits until the WebAssembly has hydrated the page. */
export async function hydrated(page) {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', null, { timeout: 15000 });
}

export const widgetUrl = (name, query = '') => `${SITE}/widgets/${name}/${query ? `?${query}` : ''}`;
export const embedUrl = (name, query = '') => `${SITE}/embed/${name}/${query ? `?${query}` : ''}`;

/**
 * The size in bytes of the WebAssembly memory of `widget`'s bundle on this page: its
 * peak, since WebAssembly memory never shrinks. The bundle's module is imported again
 * (the browser hands back the same instance) and its init returns the running exports.
 */
export async function bundleMemoryBytes(page, widget) {
  return page.evaluate(async (name) => {
    const { bundles } = JSON.parse(document.getElementById('sd-data').textContent);
    const module = await import(bundles[name]);
    const exports = await module.default();
    return exports.memory.buffer.byteLength;
  }, widget);
}

/**
 * Records measured figures for BENCHMARKS.md in tests/e2e/results/<name>.json
 * (merged with what is there; `cargo xtask bench` reads them).
 */
export function recordResult(name, figures) {
  const dir = path.join(ROOT, 'tests/e2e/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  let old = {};
  try { old = JSON.parse(readFileSync(file, 'utf8')); } catch { /* first run */ }
  writeFileSync(file, `${JSON.stringify({ ...old, ...figures }, null, 2)}\n`);
}

/**
 * Measures the main thread's work to show a change: from just before `act` runs until
 * the end of the commit of the first frame after it, the time the renderer's main thread
 * was busy: the change's own task and microtasks, any task the browser runs before the
 * frame, and the frame's style, layout, paint and commit. Time the thread sat idle waiting
 * for the next vsync is left out; timing to "the next frame" with `requestAnimationFrame`
 * instead measures the frame clock (about 17–20 ms here even for a change that costs
 * nothing). Rasterising the frame runs on other threads and is reported apart.
 *
 * `act(i)` runs in the page (via `page.evaluate`) and makes change `i`; `between(i)` runs
 * in Node after it (e.g. to wait for the widget to settle). Returns one record per change:
 * `{ work, script, frame, raster, wall }` in milliseconds (`script`: busy time before the
 * frame began; `frame`: the frame's own task).
 */
export async function frameWork(page, runs, act, between = async () => {}) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', {
    categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing',
    transferMode: 'ReportEvents',
  });
  for (let i = 0; i < runs; i++) {
    await page.evaluate(async ([source, n]) => {
      const settle = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      await settle();
      performance.mark(`frame-work-${n}`);
      new Function('i', source)(n);
      await settle();
      await settle();
    }, [`(${act})(i)`, i]);
    await between(i);
  }
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  return Array.from({ length: runs }, (_, i) => workAfterMark(events, `frame-work-${i}`));
}

/** One change's figures from a trace: see `frameWork`. */
function workAfterMark(events, name) {
  const mark = events.find((e) => e.name === name && e.cat.includes('blink.user_timing'));
  if (!mark) throw new Error(`the trace has no mark ${name}`);
  const onMain = (e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X';
  const commit = events
    .filter((e) => onMain(e) && e.name === 'Commit' && e.ts > mark.ts)
    .sort((a, b) => a.ts - b.ts)[0];
  if (!commit) throw new Error(`no frame was committed after ${name}`);
  const end = commit.ts + commit.dur;
  const tasks = events.filter((e) => onMain(e) && e.name === 'ThreadControllerImpl::RunTask'
    && e.ts < end && e.ts + e.dur > mark.ts);
  const frameTask = tasks.find((t) => t.ts <= commit.ts && commit.ts < t.ts + t.dur);
  const overlap = (t, from, to) => Math.max(0, Math.min(t.ts + t.dur, to) - Math.max(t.ts, from));
  const busy = (to) => tasks.reduce((sum, t) => sum + overlap(t, mark.ts, to), 0);
  const frameStart = frameTask ? frameTask.ts : commit.ts;
  // The frame's tiles, rasterised on worker threads after its commit (until the next
  // frame's commit, so an animation's later frames are not counted).
  const next = events
    .filter((e) => onMain(e) && e.name === 'Commit' && e.ts > commit.ts)
    .reduce((first, e) => Math.min(first, e.ts), Infinity);
  const raster = events
    .filter((e) => e.ph === 'X' && e.name === 'RasterTask' && e.ts >= commit.ts && e.ts < next)
    .reduce((sum, e) => sum + e.dur, 0);
  const ms = (us) => Number((us / 1000).toFixed(2));
  return {
    work: ms(busy(end)),
    script: ms(busy(frameStart)),
    frame: ms(overlap(frameTask ?? commit, Math.max(frameStart, mark.ts), end)),
    raster: ms(raster),
    wall: ms(end - mark.ts),
  };
}
