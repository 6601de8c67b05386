// Screenshots for looking at (not a test): node tests/e2e/.raft-shots.mjs OUTDIR
import { launch, openPage, hydrated, SITE } from './browser.mjs';
const out = process.argv[2] ?? '/tmp/raft-shots';
const browser = await launch();
const shots = [
  ['note-desktop', `${SITE}/notes/replication/raft-and-leader-election/`, 1280, 900],
  ['note-phone', `${SITE}/notes/replication/raft-and-leader-election/`, 390, 844],
  ['page-desktop', `${SITE}/widgets/raft-election/?preset=stale-leader&seed=3`, 1280, 900],
];
for (const scheme of ['light', 'dark']) {
  for (const [name, url, width, height] of shots) {
    const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
    const page = await openPage(context);
    await page.goto(url);
    await hydrated(page);
    const w = page.getByTestId('raft-widget').first();
    await w.waitFor();
    const end = Number((await w.locator('.widget-playback-scrub > span').textContent()).match(/of (\d+)/)[1]);
    await w.getByTestId('raft-scrub').evaluate((el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', { bubbles: true })); }, Math.floor(end * 0.55));
    await page.waitForTimeout(300);
    await w.scrollIntoViewIfNeeded();
    await w.screenshot({ path: `${out}/${name}-${scheme}.png` });
    if (page.errors.length) console.log(name, scheme, page.errors);
    await context.close();
  }
}
await browser.close();
console.log('done');
