/**
 * The breaches-per-day bar chart as an SVG image: served from its own URL and shown with <img>, so
 * a strict CSP (no inline style or script) holds; presentation attributes only, no `style`. Its
 * numbers are in a table beside it on the page, so the image's text is a summary, not the data.
 */
export interface DayCount {
  /** The school's local date, YYYY-MM-DD. */
  day: string;
  breaches: number;
}

const WIDTH = 720;
const HEIGHT = 240;
const LEFT = 40;
const BOTTOM = 30;
const TOP = 16;

/** Rounds the axis up to a 1-2-5 step so its top label is a round number. */
function niceMax(max: number): number {
  if (max <= 5) return 5;
  const step = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * step).find((top) => top >= max) ?? 10 * step;
}

export function breachesPerDayChart(days: readonly DayCount[], title: string): string {
  const total = days.reduce((sum, day) => sum + day.breaches, 0);
  const top = niceMax(Math.max(0, ...days.map((day) => day.breaches)));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT - 8) / Math.max(1, days.length);
  const bars = days
    .map((day, index) => {
      const height = Math.round((day.breaches / top) * plotHeight);
      const x = (LEFT + index * slot + slot * 0.15).toFixed(1);
      const y = HEIGHT - BOTTOM - height;
      // Every seventh day, counted back from today, so today is labelled and no two labels meet.
      const label =
        (days.length - 1 - index) % 7 === 0
          ? `<text x="${(LEFT + index * slot + slot * 0.5).toFixed(1)}" y="${HEIGHT - 10}" font-size="11" text-anchor="middle">${day.day.slice(5)}</text>`
          : '';
      return `<rect x="${x}" y="${y}" width="${(slot * 0.7).toFixed(1)}" height="${height}" fill="#1d70b8"><title>${day.day}: ${day.breaches}</title></rect>${label}`;
    })
    .join('');
  const summary = `${title}: ${total} breaches over ${days.length} days`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(summary)}">`,
    `<title>${escapeXml(summary)}</title>`,
    `<g font-family="sans-serif" fill="#0b0c0c">`,
    `<text x="4" y="${TOP + 4}" font-size="11">${top}</text><text x="4" y="${HEIGHT - BOTTOM}" font-size="11">0</text>`,
    `<line x1="${LEFT}" y1="${HEIGHT - BOTTOM}" x2="${WIDTH - 4}" y2="${HEIGHT - BOTTOM}" stroke="#505a5f"/>`,
    bars,
    days.length === 0 || total === 0
      ? `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" font-size="14" text-anchor="middle">No breaches</text>`
      : '',
    '</g></svg>',
  ].join('');
}

/** The title names a class, which a technician typed: escaped like any text in XML. */
function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
