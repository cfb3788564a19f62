/**
 * maxLineLength: a text line (`+ - : , (`) longer than the limit is a ProtocolError as soon
 * as its bytes pass it, CR LF or not; bulk bodies and length lines are not text lines.
 * The default (64 KiB) is tested outside the table (test/line-length.test.ts): a vector is
 * fed cut at every offset, too slow for 64 KiB inputs.
 */
import { bulk, reply } from './expected.js';
import { bytes, type Vector } from './vector.js';

const limit = { maxLineLength: 10 };
const ten = 'abcdefghij';

const tooLong = (name: string, input: Buffer): Vector => ({
  name: `maxLineLength: ${name}`,
  input,
  events: [],
  protocolError: true,
  options: limit,
});

export const LINE_VECTORS: Vector[] = [
  { name: 'maxLineLength: a simple string of exactly the limit', input: bytes(`+${ten}\r\n`), events: [reply(ten)], options: limit },
  { name: 'maxLineLength: an integer of exactly the limit', input: bytes(':-123456789\r\n'), events: [reply(-123456789)], options: limit },
  { name: 'maxLineLength: the limit, its CR, the LF still to come', input: bytes(`+${ten}\r`), events: [], options: limit },
  { name: 'maxLineLength: a bulk string longer than the limit is not a line', input: bytes(`$20\r\n${ten}${ten}\r\n`), events: [reply(bulk(ten + ten))], options: limit },
  { name: 'maxLineLength: length lines are not text lines', input: bytes('*2\r\n$5\r\nhello\r\n+\r\n'), events: [reply([bulk('hello'), ''])], options: { maxLineLength: 0 } },
  tooLong('simple string one byte over', bytes(`+${ten}k\r\n`)),
  tooLong('simple string without CR LF', bytes(`+${ten}k`)),
  tooLong('error without CR LF', bytes(`-ERR ${ten}`)),
  tooLong('integer digits without CR LF', bytes(':12345678901')),
  tooLong('double without CR LF', bytes(',1.234567890')),
  tooLong('big number without CR LF', bytes('(12345678901')),
  tooLong('a simple string inside an array', bytes(`*2\r\n+a\r\n+${ten}k\r\n`)),
  { ...tooLong('a short integer inside an array', bytes('*2\r\n:1000000\r\n:1\r\n')), options: { maxLineLength: 3 } },
  { ...tooLong('a short integer alone', bytes(':010\r\n')), options: { maxLineLength: 2 } },
  { ...tooLong('after a reply that fits', bytes(`+${ten}\r\n+${ten}${ten}`)), events: [reply(ten)] },
  // Lines whose valid forms are short fail soon whatever the limit (64 bytes at most).
  { ...tooLong('count digits without end', bytes('*', '1'.repeat(80))), options: { maxLineLength: 1 << 20 } },
  { ...tooLong('null with text', bytes('_', 'x'.repeat(80))), options: { maxLineLength: 1 << 20 } },
  // The type byte is judged first: no waiting for a line end.
  tooLong('unknown type byte, no line end', bytes('@', 'x'.repeat(40))),
  tooLong('inline command, no line end', bytes('PING')),
];
