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
