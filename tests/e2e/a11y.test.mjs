// Accessibility: axe finds no violations on the home page, a note page and the 404 page,
// in the light and the dark theme.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { launch, openPage, hydrated, SITE } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const colorScheme of ['light', 'dark']) {
  for (const path of ['/', '/notes/partitioning/consistent-hashing/', '/no-such-page']) {
    test(`${path} has no axe violations in the ${colorScheme} theme`, async () => {
      const context = await browser.newContext({ colorScheme });
      const page = await openPage(context);
      await page.goto(`${SITE}${path}`);
      await hydrated(page);
      const results = await new AxeBuilder({ page }).analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(summary, []);
      await context.close();
    });
  }
}
