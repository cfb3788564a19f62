import { describe, expect, it } from 'vitest';
import { escapeXml, renderChart, type ResultTable } from '../src/chart.js';

const CLIENTS = ['aredis (ts parser)', 'aredis (native parser)', 'ioredis', 'node-redis'];
const TABLE: ResultTable = {
  'sequential SET': { 'aredis (ts parser)': 15_809, 'aredis (native parser)': 17_238, ioredis: 11_576, 'node-redis': 11_023 },
  'GET 1 MB as string (4 in flight)': { 'aredis (ts parser)': 218, 'aredis (native parser)': 221, ioredis: 218, 'node-redis': 220 },
};

interface Bar {
  width: number;
  title: string;
}

function bars(svg: string): Bar[] {
  return [...svg.matchAll(/<rect x="\d+" y="\d+" width="([\d.]+)" height="16" fill="[^"]+"><title>([^<]*)<\/title><\/rect>/g)].map((m) => ({
    width: Number(m[1]),
    title: m[2]!,
  }));
}

/** Every element opened is closed in order (the document is well-formed as far as tags go). */
function tagsBalance(svg: string): boolean {
  const open: string[] = [];
  for (const [tag, close, name, selfClosing] of svg.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
    if (tag.startsWith('<?')) continue;
    if (selfClosing) continue;
    if (close) {
      if (open.pop() !== name) return false;
    } else open.push(name!);
  }
  return open.length === 0;
}

describe('renderChart', () => {
  const svg = renderChart(TABLE, { clients: CLIENTS, width: 760 });

  it('is one well-formed SVG document', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(tagsBalance(svg)).toBe(true);
  });

  it('draws one bar a client a scenario, in the order given, titled with its ops/s', () => {
    expect(bars(svg).map((b) => b.title)).toEqual([
      'aredis (ts parser): 15,809 ops/s',
      'aredis (native parser): 17,238 ops/s',
      'ioredis: 11,576 ops/s',
      'node-redis: 11,023 ops/s',
      'aredis (ts parser): 218 ops/s',
      'aredis (native parser): 221 ops/s',
      'ioredis: 218 ops/s',
      'node-redis: 220 ops/s',
    ]);
  });

  it('scales each scenario to its fastest client', () => {
    const widths = bars(svg).map((b) => b.width);
    const full = 760 - 250 - 110;
    expect(widths[1]).toBe(full);
    expect(widths[5]).toBe(full);
    expect(widths[0]).toBeCloseTo((15_809 / 17_238) * full, 0);
    expect(widths[3]).toBeCloseTo((11_023 / 17_238) * full, 0);
    expect(widths[4]).toBeCloseTo((218 / 221) * full, 0);
  });

  it('names every scenario and every client in the legend', () => {
    for (const scenario of Object.keys(TABLE)) expect(svg).toContain(`class="scenario">${scenario}</text>`);
    for (const client of CLIENTS) expect(svg).toContain(`">${client}</text>`);
  });

  it('escapes names that are not plain text', () => {
    expect(escapeXml(`a<b>&'"`)).toBe('a&#60;b&#62;&#38;&#39;&#34;');
    const odd = renderChart({ 'GET <1 MB> & more': { 'x&y': 1 } }, { clients: ['x&y'] });
    expect(odd).toContain('GET &#60;1 MB&#62; &#38; more');
    expect(odd).not.toContain('x&y');
    expect(tagsBalance(odd)).toBe(true);
  });

  it('draws zero-length bars when every client measured 0', () => {
    const zero = renderChart({ broken: { a: 0, b: 0 } }, { clients: ['a', 'b'] });
    expect(bars(zero).map((b) => b.width)).toEqual([0, 0]);
  });

  it('refuses a table with a client missing, or no clients', () => {
    expect(() => renderChart({ 'sequential SET': { ioredis: 1 } }, { clients: ['ioredis', 'node-redis'] })).toThrow(
      'no ops/s for node-redis in "sequential SET"',
    );
    expect(() => renderChart(TABLE, { clients: [] })).toThrow('no clients');
  });
});
