import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { version } = require('chinese-days/package.json') as { version: string };
const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };

/** The source of src/rules/calendar/china-holiday-data.ts for the installed chinese-days. */
export function chinaHolidayDataModule(): string {
  const years = new Map<number, { off: string[]; work: string[] }>();
  const yearOf = (date: string) => {
    const year = Number(date.slice(0, 4));
    if (!years.has(year)) years.set(year, { off: [], work: [] });
    return years.get(year)!;
  };
  for (const date of Object.keys(data.holidays)) yearOf(date).off.push(date.slice(5));
  for (const date of Object.keys(data.workdays)) yearOf(date).work.push(date.slice(5));
  const lines = [...years.keys()]
    .sort((a, b) => a - b)
    .map((year) => {
      const { off, work } = years.get(year)!;
      return `  ${year}: { off: '${off.sort().join(' ')}', work: '${work.sort().join(' ')}' },`;
    });
  return `// Generated from chinese-days ${version} (dist/chinese-days.json, MIT) by
// test/rules/calendar/generate-china-holiday-data.ts; do not edit. Per year, as 'MM-DD':
// \`off\` the public holidays with the weekend days of their breaks (法定节假日), \`work\` the
// make-up working days (调休上班日), from the State Council's notices.
export const CHINA_NATIONAL_DATES: Readonly<Record<number, { readonly off: string; readonly work: string }>> = {
${lines.join('\n')}
};
`;
}
