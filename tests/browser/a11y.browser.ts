import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

import { openPanel } from './support';

const SCENARIOS = [
  { name: 'catalog and SLOs', fixture: 'northstar-catalog,northstar-slo', width: 1200, height: 1000 },
  { name: 'edge cases', fixture: 'northstar-edge', width: 1200, height: 700 },
  { name: '200 compact cards', fixture: 'northstar-catalog,northstar-slo', width: 1880, height: 1000, cards: 200 },
];

for (const theme of ['light', 'dark'] as const) {
  for (const scenario of SCENARIOS) {
    test(`axe: no serious or critical violations, ${theme}, ${scenario.name}`, async ({ page }) => {
      await openPanel(page, { ...scenario, theme });
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')}`);
      expect(summary, summary.join('\n')).toEqual([]);
    });
  }
}
