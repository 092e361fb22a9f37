import { describe, expect, it } from 'vitest';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { createStore } from '../../src/adapters/store.js';
import type { DemoContext } from '../../src/cli/commands/demo.js';
import { DEMO_KINDS } from '../../src/cli/demo/storage-section.js';
import { wishesSection } from '../../src/cli/demo/wishes-section.js';
import { createHierarchy, generateCity } from '../../src/index.js';
import { captureIo } from '../support/capture-io.js';

const city = generateCity({ seed: 2020 });
const hierarchy = createHierarchy(city.nodes);
const CJK = /[\u3000-\u9fff\uff00-\uffef]/u;

function demoContext(lang: DemoContext['lang'], json: boolean) {
  const io = captureIo();
  const store = createStore(createMemoryAdapter(), { kinds: DEMO_KINDS });
  const context: DemoContext = { io, seed: 2020, lang, json, city, hierarchy, timings: { generateMs: 0, hierarchyMs: 0 }, report: {}, store: { store, where: 'memory', close: () => store.close() } };
  return { context, io, store };
}

describe('demo: the micro-wishes section', () => {
  it('stores the 2019 season and reports the funnel, 588 / 650 = 90.5% and the districts adding up to it, computed over the store', async () => {
    const { context, store } = demoContext('en', true);
    await wishesSection(context);
    const report = context.report.wishes as {
      funnel: Record<string, number>;
      fulfilmentRate: { numerator: number; denominator: number; display: string };
      byDistrict: { numerator: number; denominator: number }[];
      valueDeliveredYuan: number;
      stored: number;
    };
    expect(report.funnel).toMatchObject({ 'wishes.published': 650, 'wishes.fulfilled': 588 });
    expect(report.fulfilmentRate).toMatchObject({ numerator: 588, denominator: 650, display: '90.5%' });
    expect(report.byDistrict).toHaveLength(hierarchy.children(hierarchy.rootId).length);
    expect(report.byDistrict.reduce((sum, district) => sum + district.numerator, 0)).toBe(588);
    expect(report.byDistrict.reduce((sum, district) => sum + district.denominator, 0)).toBe(650);
    const stored = (await store.query('wish', { scope: [], limit: 10_000 })).records;
    expect(stored).toHaveLength(report.stored);
    const fen = stored.filter((record) => record.data.fulfilledAt !== undefined).reduce((sum, record) => sum + Math.round(record.data.valueYuan * 100), 0);
    expect(report.valueDeliveredYuan).toBe(fen / 100);
    // A second run on the same store reuses the season.
    await wishesSection(context);
    expect(context.report.wishes).toMatchObject({ reused: true, fulfilmentRate: { display: '90.5%' } });
  });

  it('speaks English only with --lang en, and both with --lang both', async () => {
    const en = demoContext('en', false);
    await wishesSection(en.context);
    expect(en.io.out()).toContain('micro-wish fulfilment rate: 90.5% = fulfilled / published, withdrawn excluded (588 / 650)');
    expect(en.io.out().split('\n').filter((line) => CJK.test(line))).toEqual([]);
    const both = demoContext('both', false);
    await wishesSection(both.context);
    expect(both.io.out()).toContain('微心愿认领兑现率 / micro-wish fulfilment rate: 90.5%');
  });
});
