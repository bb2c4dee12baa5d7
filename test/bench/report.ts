export interface BenchRow {
  name: string;
  candidate: string;
  baseline: string;
  /** candidate ÷ baseline: below 1 is faster or smaller than the baseline. */
  ratio: number;
  target: string;
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export function printTable(rows: BenchRow[]): void {
  const header = ['benchmark', 'candidate', 'baseline', 'ratio', 'target'];
  const cells = rows.map((row) => [row.name, row.candidate, row.baseline, row.ratio.toFixed(2), row.target]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column].length)));
  const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column])).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of cells) console.log(line(row));
}
