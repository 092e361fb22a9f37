/**
 * Writes src/rules/calendar/china-holiday-data.ts from chinese-days' data file:
 * `npx tsx test/rules/calendar/generate-china-holiday-data.ts` after upgrading chinese-days.
 * The library ships the dates as a module of its own: the built ESM package cannot import
 * a JSON file (esbuild drops the import attribute Node requires), and chinese-days' functions
 * compute its dates in the machine's zone, a day early west of UTC.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chinaHolidayDataModule } from './china-holiday-data-module.js';
import { root } from '../../support/typescript-compilers.js';

writeFileSync(join(root, 'src', 'rules', 'calendar', 'china-holiday-data.ts'), chinaHolidayDataModule());
