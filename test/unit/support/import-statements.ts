/** One module a file imports or re-exports from, and the line its statement starts on. */
export interface ImportStatement {
  specifier: string;
  line: number;
}

// A statement at the start of a line, so commented-out and documented imports are not read:
// `import … from 'x'` (also `import type`, default plus named, over several lines), `import 'x'`,
// and `export … from 'x'`. No quote or semicolon can come between the keyword and `from`.
const STATIC_IMPORT = /^[ \t]*(?:import|export)\b(?:[^'";]*?\bfrom)?\s*['"]([^'"]+)['"]/gm;
// `import('x')` with a string literal; one whose name is computed cannot be checked here.
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
const COMMENTED = /^\s*(?:\*|\/\*)|\/\//;

/** Every import, type import, re-export and literal dynamic import in a TypeScript source, in order. */
export function importStatements(source: string): ImportStatement[] {
  const lineAt = (index: number) => source.slice(0, index).split('\n').length;
  const found: ImportStatement[] = [];
  for (const match of source.matchAll(STATIC_IMPORT)) {
    found.push({ specifier: match[1], line: lineAt(match.index + match[0].search(/\S/)) });
  }
  for (const match of source.matchAll(DYNAMIC_IMPORT)) {
    const lineStart = source.lastIndexOf('\n', match.index) + 1;
    if (COMMENTED.test(source.slice(lineStart, match.index))) continue;
    found.push({ specifier: match[1], line: lineAt(match.index) });
  }
  return found.sort((a, b) => a.line - b.line);
}
