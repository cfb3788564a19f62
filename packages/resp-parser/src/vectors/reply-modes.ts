/**
 * Cases for the writable `Parser.returnBuffers` (per-reply decoding), run by every parser
 * implementation with `checkReplyModes`. A case is a stream of top-level frames, each read in
 * the mode its entry names; the harness plays a connection: it sets the mode of the next
 * reply from inside each callback (as a connection does when its FIFO head changes) and
 * compares every value with the same frame parsed alone by a fresh parser in that mode.
 */
import type { ParserClass, RespValue } from '../types.js';
import { canonical, sameValue, type Canonical } from './expected.js';
import { chunked, splits, type Split } from './harness.js';

export interface ReplyModeFrame {
  /** The frame's bytes. */
  readonly bytes: string | Buffer;
  /** The mode this reply is read in (ignored for a push, which keeps the constructor's). */
  readonly returnBuffers: boolean;
  /** A `>` push frame. */
  readonly push?: boolean;
}

export interface ReplyModeCase {
  readonly name: string;
  /** The mode given to the constructor. */
  readonly constructorReturnBuffers: boolean;
  readonly frames: readonly ReplyModeFrame[];
}

const big = 'x'.repeat(70_000);
const bigUtf8 = 'é'.repeat(40_000);

function bulk(text: string | Buffer): string {
  const body = Buffer.isBuffer(text) ? text.toString('latin1') : text;
  return `$${Buffer.byteLength(body, Buffer.isBuffer(text) ? 'latin1' : 'utf8')}\r\n${body}\r\n`;
}

const binary = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x41, 0x0d, 0x0a, 0xc3]);

export const REPLY_MODE_CASES: readonly ReplyModeCase[] = [
  {
    name: 'decoding parser, one reply as Buffers between decoded ones',
    constructorReturnBuffers: false,
    frames: [
      { bytes: bulk('abc'), returnBuffers: false },
      { bytes: Buffer.from(bulk(binary), 'latin1'), returnBuffers: true },
      { bytes: bulk('déf'), returnBuffers: false },
      { bytes: `*3\r\n${bulk('a')}${bulk('bb')}:1\r\n`, returnBuffers: true },
      { bytes: `*2\r\n${bulk('a')}${bulk('longer than eight bytes')}`, returnBuffers: false },
    ],
  },
  {
    name: 'buffer parser, one reply decoded between binary ones',
    constructorReturnBuffers: true,
    frames: [
      { bytes: bulk('abc'), returnBuffers: true },
      { bytes: `*2\r\n${bulk('héllo')}${bulk('world')}`, returnBuffers: false },
      { bytes: bulk('tail'), returnBuffers: true },
    ],
  },
  {
    name: 'RESP3 maps, sets, verbatim strings and nested arrays in the other mode',
    constructorReturnBuffers: false,
    frames: [
      { bytes: `%2\r\n${bulk('k1')}${bulk('v1')}${bulk('k2')}*1\r\n${bulk('v2')}`, returnBuffers: true },
      { bytes: `~2\r\n${bulk('m1')}${bulk('m2')}`, returnBuffers: true },
      { bytes: '=15\r\ntxt:Some string\r\n', returnBuffers: true },
      { bytes: `%1\r\n${bulk('k')}${bulk('v')}`, returnBuffers: false },
      { bytes: ',3.5\r\n', returnBuffers: true },
      { bytes: '+OK\r\n', returnBuffers: true },
      { bytes: '-ERR no\r\n', returnBuffers: true },
      { bytes: `*2\r\n${bulk('after')}_\r\n`, returnBuffers: false },
    ],
  },
  {
    name: 'push frames keep the constructor mode whatever the next reply asks',
    constructorReturnBuffers: false,
    frames: [
      { bytes: bulk('one'), returnBuffers: false },
      { bytes: `>3\r\n${bulk('message')}${bulk('ch')}${bulk('payload')}`, returnBuffers: true, push: true },
      { bytes: bulk('two'), returnBuffers: true },
      { bytes: `>2\r\n${bulk('invalidate')}*1\r\n${bulk('key')}`, returnBuffers: true, push: true },
      { bytes: bulk('three'), returnBuffers: false },
    ],
  },
  {
    name: 'long bulk strings (cut across chunks) in both modes',
    constructorReturnBuffers: false,
    frames: [
      { bytes: bulk(big), returnBuffers: true },
      { bytes: bulk(bigUtf8), returnBuffers: false },
      { bytes: bulk(bigUtf8), returnBuffers: true },
      { bytes: bulk('short'), returnBuffers: false },
    ],
  },
  {
    name: 'streamed strings and attributes in the other mode',
    constructorReturnBuffers: false,
    frames: [
      { bytes: '$?\r\n;4\r\nHell\r\n;2\r\no!\r\n;0\r\n', returnBuffers: true },
      { bytes: `|1\r\n${bulk('ttl')}:3\r\n${bulk('value')}`, returnBuffers: true },
      { bytes: '$?\r\n;3\r\nabc\r\n;0\r\n', returnBuffers: false },
    ],
  },
];

/** Inputs up to this size are cut everywhere; longer ones around frame boundaries and in runs. */
const EXHAUSTIVE = 4096;

function* modeSplits(input: Buffer, starts: readonly number[]): Generator<Split> {
  if (input.length <= EXHAUSTIVE) {
    yield* splits(input);
    return;
  }
  yield { name: 'whole', chunks: [input] };
  for (const size of [1000, 16 * 1024, 65536]) yield { name: `chunks of ${size}`, chunks: chunked(input, size) };
  const cuts = new Set<number>();
  for (const start of starts) for (let d = -3; d <= 8; d++) cuts.add(start + d);
  for (let i = 1; i < 32; i++) cuts.add(Math.floor((input.length * i) / 32));
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut > 0 && cut < input.length) yield { name: `split at ${cut}`, chunks: [input.subarray(0, cut), input.subarray(cut)] };
  }
}

function asBuffer(bytes: string | Buffer): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8');
}

interface Seen {
  kind: 'reply' | 'error' | 'push';
  value: unknown;
}

/** Every top-level event of `input` fed whole to a fresh parser in one mode (attributes dropped). */
function alone(Parser: ParserClass, input: Buffer, returnBuffers: boolean): Seen[] {
  const seen: Seen[] = [];
  const parser = new Parser({
    returnBuffers,
    onReply: (value) => seen.push({ kind: 'reply', value }),
    onError: (value) => seen.push({ kind: 'error', value: value.message }),
    onPush: (value) => seen.push({ kind: 'push', value }),
  });
  parser.feed(input);
  return seen;
}

export type ReplyModeCheck =
  | { ok: true }
  | { ok: false; split: string; actual: { kind: string; value: Canonical }[]; expected: { kind: string; value: Canonical }[] };

/**
 * Runs one case with every split of its input (whole, byte by byte, cut in two everywhere).
 * Each callback sets `returnBuffers` for the next frame; at a cut inside a frame the harness
 * also sets the opposite of that frame's mode, which must not touch the frame already begun.
 */
export function checkReplyModes(Parser: ParserClass, replyCase: ReplyModeCase): ReplyModeCheck {
  const frames = replyCase.frames.map((frame) => ({ ...frame, bytes: asBuffer(frame.bytes) }));
  const expected: Seen[] = [];
  for (const frame of frames) {
    const got = alone(Parser, frame.bytes, frame.push === true ? replyCase.constructorReturnBuffers : frame.returnBuffers);
    if (got.length !== 1) throw new Error(`reply-modes case "${replyCase.name}": a frame must be exactly one reply`);
    expected.push(got[0]!);
  }
  const input = Buffer.concat(frames.map((frame) => frame.bytes));
  const starts: number[] = [];
  let at = 0;
  for (const frame of frames) {
    starts.push(at);
    at += frame.bytes.length;
  }
  for (const split of modeSplits(input, starts)) {
    const seen: Seen[] = [];
    let parser: { returnBuffers: boolean; feed(chunk: Buffer): void } | undefined = undefined;
    const next = (): void => {
      const frame = frames[seen.length];
      if (frame !== undefined && parser !== undefined) parser.returnBuffers = frame.returnBuffers;
    };
    parser = new Parser({
      returnBuffers: replyCase.constructorReturnBuffers,
      onReply: (value: RespValue) => {
        seen.push({ kind: 'reply', value });
        next();
      },
      onError: (value) => {
        seen.push({ kind: 'error', value: value.message });
        next();
      },
      onPush: (value) => {
        seen.push({ kind: 'push', value });
        next();
      },
    });
    next();
    let fed = 0;
    for (const chunk of split.chunks) {
      parser.feed(chunk);
      fed += chunk.length;
      // A cut inside a frame: asking for the other mode now must not change the frame begun.
      const inside = starts.findIndex((start, i) => start < fed && fed < start + frames[i]!.bytes.length);
      if (inside !== -1 && inside === seen.length) parser.returnBuffers = !frames[inside]!.returnBuffers;
    }
    const same = seen.length === expected.length && seen.every((s, i) => s.kind === expected[i]!.kind && sameValue(s.value, expected[i]!.value));
    if (!same) {
      const show = (list: Seen[]): { kind: string; value: Canonical }[] => list.map((s) => ({ kind: s.kind, value: canonical(s.value) }));
      return { ok: false, split: split.name, actual: show(seen), expected: show(expected) };
    }
  }
  return { ok: true };
}
