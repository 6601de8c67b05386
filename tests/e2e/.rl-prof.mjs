import { chromium } from 'playwright-core';
import { execSync } from 'node:child_process';
const executablePath = execSync('command -v chromium', { shell: '/bin/sh' }).toString().trim();
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
await page.goto('http://127.0.0.1:8093/widgets/rate-limiter/?traffic=poisson&per_second=170&duration_ms=60000&limit=100&burst=100');
await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
await page.waitForTimeout(500);
const r = await page.evaluate(async () => {
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const el = document.querySelector('[data-testid="rate-timeline"]');
  const html = el.innerHTML;
  const out = { bytes: html.length };
  const times = [];
  for (let i = 0; i < 5; i++) {
    await frame();
    const s = performance.now();
    el.innerHTML = html;
    await frame(); await frame();
    times.push(performance.now() - s);
  }
  out.reparse = times;
  const t2 = [];
  for (let i = 0; i < 5; i++) {
    await frame();
    const s = performance.now();
    await frame(); await frame();
    t2.push(performance.now() - s);
  }
  out.twoframes = t2;
  return out;
});
console.log(JSON.stringify(r));
await browser.close();
