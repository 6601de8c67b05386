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
  const task = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
  const el = document.querySelector('[data-testid="rate-timeline"]');
  const input = document.querySelector('[data-testid="rate-limit"]');
  const out = { sync: [], settled: [], reparse: [] };
  for (let i = 0; i < 7; i++) {
    await frame();
    const s = performance.now();
    input.value = String(100 + (i % 2));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    out.sync.push(performance.now() - s);
    for (let k = 0; k < 200; k++) await Promise.resolve();
    out.micro = out.micro || []; out.micro.push(performance.now() - s);
    await task();
    void el.offsetHeight;
    out.settled.push(performance.now() - s);
  }
  const html = el.innerHTML;
  for (let i = 0; i < 5; i++) {
    await frame();
    const s = performance.now();
    el.innerHTML = html;
    void el.offsetHeight;
    out.reparse.push(performance.now() - s);
  }
  return out;
});
console.log(JSON.stringify(r));
await browser.close();
