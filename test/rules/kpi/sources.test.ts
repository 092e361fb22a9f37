import { describe, expect, it } from 'vitest';
import { gridEventRateDefinitions, NEED_TIME_TO_FULFIL, standardKpiPack } from '../../../src/index.js';

// A KPI's `source` is shown to users next to the figure: it cites what a user can look up
// (a standard, or the city's own document), never a file of this repository.
const definitions = [...standardKpiPack().definitions, ...gridEventRateDefinitions(), NEED_TIME_TO_FULFIL];

describe('KPI sources', () => {
  it.each(definitions.map((definition) => [definition.id, definition] as const))('%s cites a standard or a document users can find', (_, definition) => {
    expect(definition.source).toBeDefined();
    expect(definition.source).not.toMatch(/RULES|\.md\b|seed/i);
    if (definition.tag === 'N') expect(definition.source).toMatch(/\b(GB|GB\/T|CJJ\/T) \d/);
  });

  it('names the Tongchuan account by its title and date wherever it gives the figure', () => {
    for (const definition of definitions.filter((entry) => entry.source?.includes('Tongchuan'))) {
      expect(definition.source).toContain('《汇聚发展合力，走活城市基层党建一盘棋》 (2020-07-13)');
    }
    expect(definitions.filter((entry) => entry.source?.includes('Tongchuan')).length).toBeGreaterThan(5);
  });

  it('cites the GB/T 30428 evaluation part for the grid event rates', () => {
    for (const definition of gridEventRateDefinitions()) expect(definition.source).toMatch(/GB\/T 30428\.4/);
  });
});
