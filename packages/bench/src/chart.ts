/**
 * The benchmark table as an SVG bar chart, for RESULTS.md: one group of horizontal bars a
 * scenario, one bar a client, each labelled with its ops/s. The scenarios differ by orders of
 * magnitude (a 1 MB GET against 1,000 small commands in flight), so each group has its own
 * scale: a bar's length is its share of the fastest client in that scenario.
 */

/** ops/s by scenario, then by client name (what clients.ts measures). */
export type ResultTable = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface ChartOptions {
  /** The clients in the order of their bars (and the legend). */
  readonly clients: readonly string[];
  readonly title?: string;
  /** Overall width in pixels. */
  readonly width?: number;
  /** A bar's label from its value (default: `12,345 ops/s`). */
  readonly label?: (value: number) => string;
}

/** One fill a client, picked by position, distinguishable in colour and in grey. */
const PALETTE = ['#1f5fa8', '#5b9bd5', '#d9822b', '#6a9f3a', '#8e5ea2', '#b5483f'];

const LABEL_WIDTH = 250;
const VALUE_WIDTH = 110;
const BAR_HEIGHT = 16;
const BAR_GAP = 4;
const GROUP_TITLE = 22;
const GROUP_GAP = 14;
const LEGEND_ROW = 22;
const LEGEND_COLUMNS = 4;

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function opsLabel(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')} ops/s`;
}

/** The chart of `table` as a standalone SVG document. */
export function renderChart(table: ResultTable, options: ChartOptions): string {
  const { clients, title = 'ops/s per scenario (longer is faster; each scenario has its own scale)', width = 760, label = opsLabel } = options;
  if (clients.length === 0) throw new Error('renderChart: no clients to draw');
  if (clients.length > PALETTE.length) throw new Error(`renderChart: at most ${PALETTE.length} clients, got ${clients.length}`);
  const barSpace = width - LABEL_WIDTH - VALUE_WIDTH;
  const parts: string[] = [];
  let y = 28;
  parts.push(`<text x="10" y="18" class="title">${escapeXml(title)}</text>`);

  // The legend: a swatch and the client's name, in rows of up to four.
  clients.forEach((client, i) => {
    const x = Math.round(10 + (i % LEGEND_COLUMNS) * ((width - 20) / LEGEND_COLUMNS));
    const rowY = y + Math.floor(i / LEGEND_COLUMNS) * LEGEND_ROW;
    parts.push(`<rect x="${x}" y="${rowY}" width="12" height="12" fill="${PALETTE[i]}"/>`);
    parts.push(`<text x="${x + 18}" y="${rowY + 11}">${escapeXml(client)}</text>`);
  });
  y += Math.ceil(clients.length / LEGEND_COLUMNS) * LEGEND_ROW + 8;

  for (const [scenario, row] of Object.entries(table)) {
    const values = clients.map((client) => {
      const value = row[client];
      if (value === undefined || !Number.isFinite(value) || value < 0) {
        throw new Error(`renderChart: no ops/s for ${client} in "${scenario}"`);
      }
      return value;
    });
    const best = Math.max(...values);
    parts.push(`<text x="10" y="${y + 15}" class="scenario">${escapeXml(scenario)}</text>`);
    y += GROUP_TITLE;
    values.forEach((value, i) => {
      const length = best === 0 ? 0 : (value / best) * barSpace;
      parts.push(`<text x="${LABEL_WIDTH - 8}" y="${y + 12}" text-anchor="end">${escapeXml(clients[i]!)}</text>`);
      parts.push(
        `<rect x="${LABEL_WIDTH}" y="${y}" width="${length.toFixed(1)}" height="${BAR_HEIGHT}" fill="${PALETTE[i]}"><title>${escapeXml(`${clients[i]}: ${label(value)}`)}</title></rect>`,
      );
      parts.push(`<text x="${(LABEL_WIDTH + length + 6).toFixed(1)}" y="${y + 12}">${escapeXml(label(value))}</text>`);
      y += BAR_HEIGHT + BAR_GAP;
    });
    y += GROUP_GAP;
  }

  const height = y;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    '<style>text{font:12px sans-serif;fill:#222}.title{font-weight:bold;font-size:14px}.scenario{font-weight:bold}</style>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
