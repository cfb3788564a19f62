/**
 * Inputs the two parsers once read differently, each decided once (issue #12):
 * - `:-0` is the integer 0: RESP integers are signed 64-bit integers, which have no -0
 *   (a double `,-0` stays -0).
 * - `>?` and `|?` are refused: RESP3 streams only strings, arrays, sets and maps.
 * - aggregate counts above 2^31 - 1 are refused, the bound Redis puts on a multibulk count
 *   (INT_MAX); 2^31 - 1 itself waits for its elements.
 * - an attribute describes the element after it: one just before a streamed end `.` is a
 *   ProtocolError, and an attribute inside a reply is handed over with that reply (just
 *   before it), never for a reply that does not complete; a top-level attribute likewise waits
 *   for the reply or push after it.
 * - the two bytes after a bulk body are judged as they arrive: a wrong one fails at once,
 *   without waiting for the rest of the reply.
 * - a verbatim string is refused as soon as it cannot hold its format: a length below 4 at its
 *   header, a fourth body byte other than `:` when it arrives.
 */
import { attribute, map, push, reply } from './expected.js';
import { bytes, type Vector } from './vector.js';

const bad = (name: string, input: Buffer): Vector => ({ name: `agreement: ${name}`, input, events: [], protocolError: true });

export const AGREEMENT_VECTORS: Vector[] = [
  { name: 'agreement: integer -0 is 0', input: bytes(':-0\r\n'), events: [reply(0)] },
  { name: 'agreement: integer -0 in an array is 0', input: bytes('*2\r\n:-0\r\n:+0\r\n'), events: [reply([0, 0])] },
  { name: 'agreement: integer -0 with 20 digits is 0', input: bytes(`:-${'0'.repeat(20)}\r\n`), events: [reply(0)] },
  { name: 'agreement: double -0 stays -0', input: bytes(',-0\r\n'), events: [reply(-0)] },
  bad('streamed push >?', bytes('>?\r\n+a\r\n.\r\n')),
  bad('streamed attribute |?', bytes('|?\r\n+a\r\n+b\r\n.\r\n+OK\r\n')),
  bad('array count 2^32 - 1', bytes('*4294967295\r\n')),
  bad('array count 2^31', bytes('*2147483648\r\n')),
  bad('set count 2^31', bytes('~2147483648\r\n')),
  bad('push count 2^31', bytes('>2147483648\r\n')),
  { name: 'agreement: array count 2^31 - 1 waits for its elements', input: bytes('*2147483647\r\n:1\r\n'), events: [] },
  bad('attribute just before a streamed end', bytes('*?\r\n:1\r\n|1\r\n+a\r\n+b\r\n.\r\n')),
  bad('attribute just before a streamed map end', bytes('%?\r\n+k\r\n:1\r\n|1\r\n+a\r\n+b\r\n.\r\n')),
  bad('attribute inside a reply that then fails', bytes('*2\r\n|1\r\n+a\r\n+b\r\n:1\r\n?\r\n')),
  {
    name: 'agreement: attribute before the last element of a streamed array',
    input: bytes('*?\r\n:1\r\n|1\r\n+a\r\n+b\r\n:2\r\n.\r\n'),
    events: [attribute(map(['a', 'b'])), reply([1, 2])],
  },
  {
    name: 'agreement: attribute before a streamed array inside a streamed array',
    input: bytes('*?\r\n|1\r\n+a\r\n+b\r\n*?\r\n.\r\n.\r\n'),
    events: [attribute(map(['a', 'b'])), reply([[]])],
  },
  bad('bulk with a wrong byte after its body, reply incomplete', bytes('*2\r\n$3\r\nabcX')),
  bad('bulk with a wrong byte after its body, alone', bytes('$3\r\nabcX')),
  bad('bulk with CR then a wrong byte, reply incomplete', bytes('*2\r\n$3\r\nabc\rX')),
  bad('bulk error with a wrong byte after its body', bytes('*1\r\n!3\r\nERRX')),
  bad('streamed chunk with a wrong byte after its body', bytes('$?\r\n;2\r\nabX')),
  bad('verbatim with a wrong byte after its body', bytes('*1\r\n=5\r\ntxt:aX')),
  { name: 'agreement: a top-level attribute waits for the reply after it', input: bytes('|1\r\n+a\r\n+b\r\n'), events: [] },
  { name: 'agreement: an empty top-level attribute waits too', input: bytes('|0\r\n'), events: [] },
  { name: 'agreement: a top-level attribute is handed over before the push after it', input: bytes('|0\r\n>1\r\n+x\r\n'), events: [attribute(map()), push(['x'])] },
  bad('verbatim length 3, body not yet here', bytes('=3\r\n')),
  bad('verbatim length 0, body not yet here', bytes('*2\r\n=0\r\n')),
  bad('verbatim whose fourth byte is not a colon, body incomplete', bytes('=5\r\nabcde')),
  bad('verbatim whose fourth byte is not a colon, in an array', bytes('*1\r\n=9\r\ntxtX')),
];
