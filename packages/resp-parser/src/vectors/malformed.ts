/** Malformed or hostile input: each must raise a ProtocolError (after the events listed). */
import { constants } from 'node:buffer';
import { reply } from './expected.js';
import { bytes, type Vector } from './vector.js';

const bad = (name: string, input: Buffer, options?: Vector['options']): Vector => ({
  name: `malformed: ${name}`,
  input,
  events: [],
  protocolError: true,
  ...(options ? { options } : {}),
});

export const MALFORMED_VECTORS: Vector[] = [
  // unknown type bytes
  bad('unknown type byte x', bytes('x\r\n')),
  bad('unknown type byte @', bytes('@foo\r\n')),
  bad('NUL type byte', Buffer.from([0, 13, 10])),
  bad('empty line', bytes('\r\n')),
  bad('inline command text', bytes('PING\r\n')),
  bad('unknown type inside an array', bytes('*2\r\n:1\r\n?x\r\n')),
  // bad digits
  bad('integer with a letter', bytes(':12a\r\n')),
  bad('integer empty', bytes(':\r\n')),
  bad('integer only a sign', bytes(':-\r\n')),
  bad('integer sign in the middle', bytes(':1-2\r\n')),
  bad('integer with a space', bytes(': 1\r\n')),
  bad('integer with a decimal point', bytes(':1.0\r\n')),
  bad('integer with CR only', bytes(':1\rx\n')),
  bad('bulk length letters', bytes('$abc\r\n')),
  bad('bulk length with a letter', bytes('$1a\r\n')),
  bad('bulk length empty', bytes('$\r\n')),
  bad('bulk length with a plus', bytes('$+3\r\nabc\r\n')),
  bad('array count letters', bytes('*x\r\n')),
  bad('array count decimal', bytes('*1.5\r\n')),
  bad('map count letters', bytes('%z\r\n')),
  bad('set count empty', bytes('~\r\n')),
  bad('double letters', bytes(',abc\r\n')),
  bad('double two points', bytes(',1.2.3\r\n')),
  bad('double empty', bytes(',\r\n')),
  bad('double Infinity spelled out', bytes(',Infinity\r\n')),
  bad('double hex', bytes(',0x10\r\n')),
  bad('boolean x', bytes('#x\r\n')),
  bad('boolean two letters', bytes('#tt\r\n')),
  bad('boolean empty', bytes('#\r\n')),
  bad('big number letters', bytes('(12a\r\n')),
  bad('big number empty', bytes('(\r\n')),
  bad('null with content', bytes('_x\r\n')),
  bad('simple string CR without LF', bytes('+OK\rX\n')),
  // lengths below -1
  bad('bulk length -2', bytes('$-2\r\n')),
  bad('array count -2', bytes('*-2\r\n')),
  bad('map count -5', bytes('%-5\r\n')),
  bad('set count -3', bytes('~-3\r\n')),
  bad('bulk error length -1', bytes('!-1\r\n')),
  bad('verbatim length -1', bytes('=-1\r\n')),
  // bulk above maxBulkLength
  bad('bulk above maxBulkLength option', bytes('$11\r\n0123456789a\r\n'), { maxBulkLength: 10 }),
  bad('bulk above default maxBulkLength (512 MiB + 1)', bytes('$536870913\r\n')),
  bad('bulk length with 20 digits', bytes('$99999999999999999999\r\n')),
  bad('bulk error above maxBulkLength', bytes('!20\r\n'), { maxBulkLength: 10 }),
  bad('verbatim above maxBulkLength', bytes('=20\r\n'), { maxBulkLength: 10 }),
  // Longer than a Buffer can be (with the CR LF) while maxBulkLength allows it: refused at the header, not a RangeError later.
  bad('bulk longer than the longest Buffer', bytes(`$${constants.MAX_LENGTH - 1}\r\nabc`), { maxBulkLength: Number.MAX_SAFE_INTEGER }),
  bad('bulk longer than the longest Buffer, in an array', bytes(`*2\r\n:1\r\n$${constants.MAX_LENGTH}\r\n`), { maxBulkLength: Number.MAX_SAFE_INTEGER }),
  bad('verbatim longer than the longest Buffer', bytes(`=${constants.MAX_LENGTH + 10}\r\ntxt:`), { maxBulkLength: Number.MAX_SAFE_INTEGER }),
  bad('streamed chunk longer than the longest Buffer', bytes(`$?\r\n;${constants.MAX_LENGTH - 1}\r\n`), { maxBulkLength: Number.MAX_SAFE_INTEGER }),
  bad('streamed string total above maxBulkLength', bytes('$?\r\n;6\r\nabcdef\r\n;6\r\nghijkl\r\n;0\r\n'), { maxBulkLength: 10 }),
  // aggregate counts that cannot fit
  bad('array count 2^32', bytes('*4294967296\r\n')),
  bad('array count with 20 digits', bytes('*99999999999999999999\r\n')),
  bad('map count 2^31 (2^32 elements)', bytes('%2147483648\r\n')),
  bad('set count 2^32', bytes('~4294967296\r\n')),
  bad('push count 2^32', bytes('>4294967296\r\n')),
  bad('attribute count 2^31', bytes('|2147483648\r\n')),
  // nesting deeper than maxDepth
  bad('nesting deeper than maxDepth option', bytes('*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n'), { maxDepth: 3 }),
  bad('maps nested deeper than maxDepth', bytes('%1\r\n+a\r\n%1\r\n+b\r\n%1\r\n+c\r\n:1\r\n'), { maxDepth: 2 }),
  bad('nesting deeper than default maxDepth', bytes('*1\r\n'.repeat(1025), ':1\r\n')),
  bad('streamed nesting deeper than maxDepth', bytes('*?\r\n*?\r\n*?\r\n'), { maxDepth: 2 }),
  // bulk without its CRLF
  bad('bulk longer than its length', bytes('$3\r\nabcde\r\n')),
  bad('bulk CR then not LF', bytes('$3\r\nabc\rx')),
  bad('empty bulk followed by junk', bytes('$0\r\nXX')),
  bad('bulk error without CRLF', bytes('!3\r\nERRxx')),
  bad('verbatim without CRLF', bytes('=5\r\ntxt:ab\r\n')),
  bad('streamed chunk without CRLF', bytes('$?\r\n;2\r\nabcd\r\n;0\r\n')),
  // structure
  bad('verbatim shorter than its format', bytes('=3\r\ntxt\r\n')),
  bad('verbatim without colon', bytes('=5\r\ntxtab\r\n')),
  bad('end marker at top level', bytes('.\r\n')),
  bad('end marker inside a counted array', bytes('*2\r\n:1\r\n.\r\n')),
  bad('streamed map with a key and no value', bytes('%?\r\n+a\r\n:1\r\n+b\r\n.\r\n')),
  bad('chunk marker outside a streamed string', bytes(';3\r\nabc\r\n')),
  bad('streamed string with a non-chunk', bytes('$?\r\n+OK\r\n')),
  bad('streamed string chunk length letters', bytes('$?\r\n;x\r\n')),
  bad('streamed string chunk length -1', bytes('$?\r\n;-1\r\n')),
  bad('streamed marker on a simple type', bytes(':?\r\n')),
  bad('end marker with content', bytes('*?\r\n.x\r\n')),
  // events before the error are still delivered
  { ...bad('replies before the bad byte', bytes('+OK\r\n:1\r\n?\r\n')), events: [reply('OK'), reply(1)] },
  { ...bad('a reply, then a bad length', bytes('$1\r\na\r\n$-7\r\n')), events: [reply(Buffer.from('a'))] },
];
