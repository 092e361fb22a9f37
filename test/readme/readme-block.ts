import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The README's ```ts <tag> block, verbatim. */
export function readmeBlock(tag: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const match = new RegExp('```ts ' + tag + '\\n([\\s\\S]*?)```').exec(readme);
  if (match?.[1] === undefined) throw new Error(`README.md has no \`\`\`ts ${tag} block`);
  return match[1];
}

/** Type errors of `file` under the project's compiler options, with 'civic-grid' and its adapter subpaths resolving to the sources. */
export function typeProblems(file: string): string[] {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile).config as { compilerOptions: object };
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, root);
  const program = ts.createProgram([file], { ...options, noEmit: true, baseUrl: root, paths: { 'civic-grid': ['src/index.ts'], 'civic-grid/adapters/*': ['src/adapters/*/index.ts'] } });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
