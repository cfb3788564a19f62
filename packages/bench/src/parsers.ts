/**
 * Parser microbenchmark: RespParser (TypeScript) against redis-parser, the RESP decoder of
 * @redis/client and, when its binary loads, NativeRespParser; every parser is fed the same
 * bytes and decodes bulk strings to JS strings (what a client with decoding on does); a string
 * reply is read once (one character), so a parser that returns a rope pays for its flattening.
 *
 *   pnpm --filter @aredis/bench bench:parsers            print the table
 *   pnpm --filter @aredis/bench bench:parsers --readme   also write it into packages/resp-parser/README.md
 *   ... bench:parsers --baseline <dist/index.js>  also time that build's RespParser, as "RespParser (baseline)"
 *   ... bench:parsers --case <text> --rounds <n>  only the cases whose name has <text>; the median of n rounds
 *
 * One operation = feeding one case's whole input (its chunks, in order) to a warm parser.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RespParser, type ParserClass } from '@aredis/resp-parser';
import { Bench } from 'tinybench';

const require = createRequire(import.meta.url);

/** A parser under test, built around a reply counter. */
interface Candidate {
  name: string;
  make(onReply: (reply: unknown) => void): (chunk: Buffer) => void;
}

interface RedisParserInstance {
  execute(chunk: Buffer): void;
}
type RedisParserClass = new (options: {
  returnReply(reply: unknown): void;
  returnError(error: unknown): void;
  returnBuffers?: boolean;
}) => RedisParserInstance;

interface NodeRedisDecoder {
  write(chunk: Buffer): void;
}
type NodeRedisDecoderClass = new (options: {
  onReply(reply: unknown): void;
  onErrorReply(error: unknown): void;
  onPush(push: unknown[]): void;
  getTypeMapping(): Record<number, unknown>;
}) => NodeRedisDecoder;

function aredisCandidate(name: string, Parser: ParserClass): Candidate {
  return {
    name,
    make(onReply) {
      const parser = new Parser({ onReply, onError: onReply });
      return (chunk) => parser.feed(chunk);
    },
  };
}

function redisParserCandidate(): Candidate {
  const RedisParser = require('redis-parser') as RedisParserClass;
  return {
    name: 'redis-parser',
    make(onReply) {
      const parser = new RedisParser({ returnReply: onReply, returnError: onReply });
      return (chunk) => parser.execute(chunk);
    },
  };
}

function nodeRedisCandidate(): Candidate {
  // @redis/client has no exports map; its RESP decoder lives at dist/lib/RESP/decoder.
  const { Decoder } = require('@redis/client/dist/lib/RESP/decoder') as { Decoder: NodeRedisDecoderClass };
  return {
    name: '@redis/client',
    make(onReply) {
      const decoder = new Decoder({ onReply, onErrorReply: onReply, onPush: onReply, getTypeMapping: () => ({}) });
      return (chunk) => decoder.write(chunk);
    },
  };
}

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = process.argv[at + 1];
  if (value === undefined) throw new Error(`--${name} needs a value`);
  return value;
}

/** Another build's RespParser (`--baseline <its dist/index.js>`), to compare before and after in one run. */
async function baselineCandidate(): Promise<Candidate | undefined> {
  const path = flag('baseline');
  if (path === undefined) return undefined;
  const built = (await import(pathToFileURL(resolve(path)).href)) as { RespParser: ParserClass };
  return aredisCandidate('RespParser (baseline)', built.RespParser);
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function nativeCandidate(): Promise<Candidate | string> {
  try {
    const native = (await import('@aredis/resp-parser-native')) as {
      isAvailable(): boolean;
      unavailableReason(): string | undefined;
      NativeRespParser: ParserClass;
    };
    if (!native.isAvailable()) return `NativeRespParser unavailable: ${native.unavailableReason() ?? 'no reason given'}`;
    return aredisCandidate('NativeRespParser', native.NativeRespParser);
  } catch (err) {
    return `NativeRespParser not loaded: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** A benchmark input: its chunks and how many replies they hold. */
interface Case {
  name: string;
  chunks: Buffer[];
  replies: number;
}

const bulk = (text: string): string => `$${Buffer.byteLength(text)}\r\n${text}\r\n`;

function chunkedInput(input: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < input.length; i += size) chunks.push(input.subarray(i, i + size));
  return chunks;
}

function cases(): Case[] {
  const okBytes = Buffer.from('+OK\r\n'.repeat(1000));
  const integers = Buffer.from(Array.from({ length: 1000 }, (_, i) => `:${(i * 7919) % 1000003}\r\n`).join(''));
  const shortArray = Buffer.from(`*100\r\n${Array.from({ length: 100 }, (_, i) => bulk(`v${i}`)).join('')}`);
  const lrange = Buffer.from(`*600\r\n${Array.from({ length: 600 }, (_, i) => bulk(`list-element:${i * 31}`)).join('')}`);
  const megabyte = Buffer.concat([Buffer.from(`$${1024 * 1024}\r\n`), Buffer.alloc(1024 * 1024, 'x'), Buffer.from('\r\n')]);
  const kilobytes = Buffer.from(`*16\r\n${Array.from({ length: 16 }, (_, i) => bulk(String(i).padEnd(4096, 'abcdefgh'))).join('')}`);
  const inner = `*3\r\n:1\r\n${bulk('field')}*2\r\n${bulk('a')}:2\r\n`;
  const nested = Buffer.from(`*50\r\n${`*4\r\n${inner}${inner}+OK\r\n*0\r\n`.repeat(50)}`);
  return [
    { name: '1000 × +OK', chunks: [okBytes], replies: 1000 },
    { name: '1000 integers', chunks: [integers], replies: 1000 },
    { name: 'array of 100 short bulks', chunks: [shortArray], replies: 1 },
    { name: '600-element array (LRANGE)', chunks: [lrange], replies: 1 },
    { name: '1 MB bulk in 64 KiB chunks', chunks: chunkedInput(megabyte, 64 * 1024), replies: 1 },
    { name: 'array of 16 × 4 KiB bulks', chunks: [kilobytes], replies: 1 },
    { name: 'nested arrays (50 × 4, 3 levels)', chunks: [nested], replies: 1 },
  ];
}

function formatOps(ops: number): string {
  if (ops >= 1e6) return `${(ops / 1e6).toFixed(2)} M`;
  if (ops >= 1e3) return `${(ops / 1e3).toFixed(1)} k`;
  return ops.toFixed(0);
}

async function main(): Promise<void> {
  const writeReadme = process.argv.includes('--readme');
  const candidates: Candidate[] = [aredisCandidate('RespParser', RespParser), redisParserCandidate(), nodeRedisCandidate()];
  const native = await nativeCandidate();
  if (typeof native === 'string') console.log(native);
  else candidates.push(native);
  const baseline = await baselineCandidate();
  if (baseline) candidates.splice(1, 0, baseline);
  const only = flag('case');
  const rounds = Number(flag('rounds') ?? 1);

  const samples: Record<string, Record<string, number[]>> = {};
  const chosen = cases().filter((c) => only === undefined || c.name.includes(only));
  // Rounds repeat every case, so a slow moment of a shared machine does not fall on one case only.
  for (let round = 0; round < rounds; round++) for (const testCase of chosen) {
    const bench = new Bench({ time: 400, warmupTime: 100 });
    for (const candidate of candidates) {
      let seen = 0;
      const feed = candidate.make((reply) => {
        // Read one character of a string reply, as a user would: V8 then flattens a string a
        // parser built as a rope of pieces, and that parser pays for the joining here.
        if (typeof reply === 'string' && reply.length > 0) reply.charCodeAt(reply.length >> 1);
        seen++;
      });
      // Check once that the parser really decodes the case before timing it.
      for (const chunk of testCase.chunks) feed(chunk);
      if (seen !== testCase.replies) throw new Error(`${candidate.name} gave ${seen} replies for ${testCase.name}, expected ${testCase.replies}`);
      bench.add(candidate.name, () => {
        for (const chunk of testCase.chunks) feed(chunk);
      });
    }
    await bench.run();
    const row = (samples[testCase.name] ??= {});
    for (const task of bench.tasks) {
      const result = task.result as { throughput?: { mean: number } };
      (row[task.name] ??= []).push(result.throughput?.mean ?? 0);
    }
    console.log(`done: ${testCase.name}${rounds > 1 ? ` (round ${round + 1})` : ''}`, Object.fromEntries(bench.tasks.map((t) => [t.name, Math.round(row[t.name]!.at(-1)!)])));
  }
  const table: Record<string, Record<string, number>> = {};
  for (const [name, row] of Object.entries(samples)) table[name] = Object.fromEntries(Object.entries(row).map(([c, v]) => [c, median(v)]));

  const names = candidates.map((c) => c.name);
  const header = `| case | ${names.map((n) => (n === 'RespParser' ? 'RespParser ops/s' : `${n} ops/s (× RespParser)`)).join(' | ')} |`;
  const rule = `|---|${names.map(() => '---:').join('|')}|`;
  const rows = Object.entries(table).map(([name, results]) => {
    const base = results['RespParser']!;
    const cells = names.map((n) =>
      n === 'RespParser' ? formatOps(base) : `${formatOps(results[n]!)} (${(results[n]! / base).toFixed(2)}×)`,
    );
    return `| ${name} | ${cells.join(' | ')} |`;
  });
  const machine = `${rounds > 1 ? `median of ${rounds} rounds; ` : ''}Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores, shared), ${new Date().toISOString().slice(0, 10)}`;
  const markdown = [header, rule, ...rows, '', `_${machine}; ops/s = whole inputs decoded per second (tinybench mean)._`].join('\n');
  console.log(`\n${markdown}\n`);

  if (writeReadme) {
    const readme = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resp-parser', 'README.md');
    const text = readFileSync(readme, 'utf8');
    const start = '<!-- bench:parsers:start -->';
    const end = '<!-- bench:parsers:end -->';
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from === -1 || to === -1) throw new Error(`${readme} has no ${start} ... ${end} markers`);
    writeFileSync(readme, `${text.slice(0, from + start.length)}\n${markdown}\n${text.slice(to)}`);
    console.log(`wrote the table into ${readme}`);
  }
}

await main();
