/**
 * The contract of Parser.bodyBuffer()/bodyFilled() (types.ts) as cases every implementation
 * that has them runs: `LENDING_CASES`, each checked with `checkLending(Parser, case)`, which
 * gives the list of what went wrong (empty when the parser keeps the contract). They are about
 * a long top-level bulk string read as a Buffer (what both parsers lend for).
 */
import { ProtocolError } from '../errors.js';
import type { Parser, ParserClass, ParserOptions, RespValue } from '../types.js';
import { sameValue } from './expected.js';
import { readThroughLends } from './lending.js';
import { blob } from './vector.js';

export interface LendingCase {
  readonly name: string;
  /** Runs the case; pushes a line to `failures` for each thing that is not as the contract says. */
  readonly run: (Parser: ParserClass, failures: string[]) => void;
}

const K64 = 64 * 1024;

/** n bytes each different from its neighbours' (a misplaced byte shows), every byte value among them; `seed` varies them. */
export function patterned(n: number, seed = 0): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
  return b;
}

const bulk = (value: Buffer): Buffer => blob('$', value);
const body = patterned;

/** A parser returning Buffers whose replies (and ResponseErrors) go to `replies`. */
function make(Parser: ParserClass, replies: RespValue[], options: Partial<ParserOptions> = {}): Parser {
  return new Parser({ onReply: (r) => replies.push(r), onError: (e) => replies.push(e), returnBuffers: true, ...options });
}

function lend(parser: Parser): Buffer | null {
  if (parser.bodyBuffer === undefined || parser.bodyFilled === undefined) throw new Error('the parser has no bodyBuffer()/bodyFilled()');
  return parser.bodyBuffer();
}

function throwsProtocolError(run: () => void): boolean {
  try {
    run();
  } catch (error) {
    return error instanceof ProtocolError;
  }
  return false;
}

function expectReplies(failures: string[], got: RespValue[], want: RespValue[], what: string): void {
  if (got.length !== want.length || !got.every((r, i) => sameValue(r, want[i]))) failures.push(`${what}: ${got.length} replies, not the ${want.length} expected`);
}

export const LENDING_CASES: readonly LendingCase[] = [
  {
    name: 'a wrong CR fails the read that brings it, before its LF arrives; the parser stays failed, as after feed',
    run(Parser, failures) {
      const value = body(100_000, 3);
      const parser = make(Parser, []);
      parser.feed(Buffer.from(`$${value.length}\r\n`));
      const lent = lend(parser);
      if (lent === null || lent.length !== value.length + 2) return void failures.push(`lent ${lent?.length} bytes, not the body and its CR LF`);
      value.copy(lent);
      lent[value.length] = 0x58;
      if (!throwsProtocolError(() => parser.bodyFilled!(lent, value.length + 1))) failures.push('the wrong CR is not a ProtocolError');
      if (!throwsProtocolError(() => parser.feed(Buffer.from('+OK\r\n')))) failures.push('feed after the error is not a ProtocolError');
      if (lend(parser) !== null) failures.push('a failed parser still lends');
    },
  },
  {
    name: 'reset() mid-body: nothing more is lent, and a buffer lent before is fed as an ordinary chunk',
    run(Parser, failures) {
      const replies: RespValue[] = [];
      const parser = make(Parser, replies);
      parser.feed(Buffer.from('$100000\r\nabc'));
      const lent = lend(parser);
      if (lent === null) return void failures.push('nothing lent mid-body');
      parser.reset();
      if (lend(parser) !== null) failures.push('lends after reset()');
      lent.write('+OK\r\n');
      parser.bodyFilled!(lent, 5);
      expectReplies(failures, replies, ['OK'], 'the stale buffer fed');
    },
  },
  {
    name: 'a callback that resets when a lent body completes stops there; the parser reads on afresh',
    run(Parser, failures) {
      const replies: RespValue[] = [];
      const parser: Parser = new Parser({
        onReply: (r) => {
          replies.push(r);
          if (replies.length === 1) parser.reset();
        },
        onError: () => undefined,
        returnBuffers: true,
      });
      const value = body(K64 * 2, 4);
      parser.feed(Buffer.from(`$${value.length}\r\n`));
      const lent = lend(parser);
      if (lent === null) return void failures.push('nothing lent');
      value.copy(lent);
      lent.write('\r\n', value.length);
      parser.bodyFilled!(lent, lent.length);
      expectReplies(failures, replies, [value], 'the lent body');
      parser.feed(Buffer.from(':1\r\n'));
      expectReplies(failures, replies, [value, 1], 'after the reset');
    },
  },
  {
    name: 'a chunk fed after a lend moves the fill point: the next lend starts past it, and the stale buffer is fed as a chunk',
    run(Parser, failures) {
      const replies: RespValue[] = [];
      const parser = make(Parser, replies);
      const value = body(K64 * 2, 5);
      const input = bulk(value);
      parser.feed(input.subarray(0, 1000));
      const stale = lend(parser);
      parser.feed(input.subarray(1000, 50_000));
      const fresh = lend(parser);
      if (stale === null || fresh === null) return void failures.push('nothing lent');
      if (fresh.buffer !== stale.buffer || fresh.byteOffset !== stale.byteOffset + 49_000) failures.push('the second lend is not 49,000 bytes further into the same memory');
      // Not written to (the contract): fed as a chunk of its first 0 bytes' worth, it changes nothing.
      parser.bodyFilled!(stale, 0);
      input.copy(fresh, 0, 50_000);
      parser.bodyFilled!(fresh, input.length - 50_000);
      expectReplies(failures, replies, [value], 'the body');
    },
  },
  {
    name: 'maxBulkLength is checked at the header, before anything is lent',
    run(Parser, failures) {
      const input = bulk(body(K64 * 2, 0));
      const refused = readThroughLends(make(Parser, [], { maxBulkLength: K64 * 2 - 1 }), input, [K64]);
      if (!(refused.error instanceof ProtocolError) || !/maxBulkLength/.test(refused.error.message)) failures.push(`refused with ${String(refused.error)}`);
      if (refused.lent.length !== 1 || refused.lent[0] !== false) failures.push('lent before refusing');
      const replies: RespValue[] = [];
      const accepted = readThroughLends(make(Parser, replies, { maxBulkLength: K64 * 2 }), input, [K64]);
      if (accepted.error !== undefined) failures.push(`accepted with ${String(accepted.error)}`);
      expectReplies(failures, replies, [body(K64 * 2, 0)], 'accepted');
    },
  },
  {
    name: 'a body longer than 8 MiB is lent only once 8 MiB of it arrived; a length alone allocates nothing',
    run(Parser, failures) {
      const value = body(9 * 1024 * 1024, 10);
      const replies: RespValue[] = [];
      const run = readThroughLends(make(Parser, replies), bulk(value), [K64]);
      if (run.error !== undefined) failures.push(String(run.error));
      expectReplies(failures, replies, [value], 'the body');
      const firstLent = run.lent.indexOf(true);
      if (firstLent * K64 < 8 * 1024 * 1024) failures.push(`first lent after ${firstLent} reads of 64 KiB`);
      const parser = make(Parser, []);
      parser.feed(Buffer.from('$500000000\r\nabc'));
      if (lend(parser) !== null) failures.push('lent for a length alone');
    },
  },
];

/** What went wrong when `Parser` ran `lendingCase` (empty: nothing). */
export function checkLending(Parser: ParserClass, lendingCase: LendingCase): string[] {
  const failures: string[] = [];
  lendingCase.run(Parser, failures);
  return failures;
}
