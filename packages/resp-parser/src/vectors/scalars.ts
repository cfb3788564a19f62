/** Vectors for every scalar type of RESP2 and RESP3. */
import { bulk, error, reply, verbatim } from './expected.js';
import { blob, bytes, type Vector } from './vector.js';

const simpleStrings: Vector[] = [
  ['OK', 'OK'],
  ['empty', ''],
  ['with spaces', 'hello world'],
  ['with colon and dollar', 'a:b$c*d'],
  ['PONG', 'PONG'],
  ['multi-byte UTF-8', 'héllo wörld ✓ 😀'],
  ['CJK', '日本語テキスト'],
  ['300 characters', 'x'.repeat(300)],
  ...Array.from({ length: 25 }, (_, i): [string, string] => [`${i + 1} ASCII characters`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.slice(0, i + 1)]),
].map(([name, text]) => ({ name: `simple string: ${name}`, input: bytes(`+${text}\r\n`), events: [reply(text!)] }));

const errors: Vector[] = [
  'ERR unknown command',
  'ERR',
  "WRONGTYPE Operation against a key holding the wrong kind of value",
  'MOVED 3999 127.0.0.1:6381',
  'ASK 3999 127.0.0.1:6381',
  'NOSCRIPT No matching script. Please use EVAL.',
  'LOADING Redis is loading the dataset in memory',
  "READONLY You can't write against a read only replica.",
  'EXECABORT Transaction discarded because of previous errors.',
  'NOAUTH Authentication required.',
  'WRONGPASS invalid username-password pair or user is disabled.',
  'TRYAGAIN Multiple keys request during rehashing of slot',
  'CLUSTERDOWN The cluster is down',
  "CROSSSLOT Keys in request don't hash to the same slot",
  'ERR ünïcödé message ✓',
].map((message) => ({ name: `error: ${message.slice(0, 30)}`, input: bytes(`-${message}\r\n`), events: [error(message)] }));

const integerCases: [string, number | bigint][] = [
  ['0', 0],
  ['1', 1],
  ['-1', -1],
  ['42', 42],
  ['+5', 5],
  ['007', 7],
  ['1000', 1000],
  ['-1000', -1000],
  ['2147483647', 2147483647],
  ['-2147483648', -2147483648],
  ['4294967296', 4294967296],
  ['1234567890123', 1234567890123],
  ['9007199254740991', 9007199254740991],
  ['-9007199254740991', -9007199254740991],
  ['9007199254740992', 9007199254740992n],
  ['-9007199254740992', -9007199254740992n],
  ['9007199254740993', 9007199254740993n],
  ['9223372036854775807', 9223372036854775807n],
  ['-9223372036854775808', -9223372036854775808n],
  ['18446744073709551616', 18446744073709551616n],
  ['123456789012345678901234567890', 123456789012345678901234567890n],
];
const integers: Vector[] = integerCases.map(([text, value]) => ({
  name: `integer: ${text}`,
  input: bytes(`:${text}\r\n`),
  events: [reply(value)],
}));

const binary = Buffer.alloc(256);
for (let i = 0; i < 256; i++) binary[i] = i;
const bulkCases: [string, Buffer][] = [
  ['empty', Buffer.alloc(0)],
  ['one byte', bytes('a')],
  ['hello', bytes('hello')],
  ['with CRLF inside', bytes('a\r\nb\r\n')],
  ['with lone CR', bytes('a\rb')],
  ['looks like RESP', bytes('$3\r\nfoo\r\n')],
  ['all 256 byte values', binary],
  ['two-byte UTF-8', bytes('héllo')],
  ['three-byte UTF-8', bytes('✓€')],
  ['four-byte UTF-8', bytes('😀🎉')],
  ['CJK', bytes('日本語')],
  ['1000 bytes', bytes('x'.repeat(1000))],
  ['invalid UTF-8', Buffer.from([0xff, 0xfe, 0x41])],
  ...[...Array.from({ length: 24 }, (_, i) => i + 2), 63, 64, 65, 127, 128, 255, 256, 1024].map(
    (n): [string, Buffer] => [`${n} bytes`, Buffer.from('abcdefghijklmnopqrstuvwxyz'.repeat(40).slice(0, n))],
  ),
];
const bulks: Vector[] = bulkCases.map(([name, payload]) => ({
  name: `bulk: ${name}`,
  input: bytes(`$${payload.length}\r\n`, payload, '\r\n'),
  events: [reply(bulk(payload))],
}));
bulks.push(
  { name: 'bulk: latin1 encoding', input: bytes('$3\r\n', Buffer.from([0x63, 0x61, 0xe9]), '\r\n'), events: [reply(bulk(Buffer.from([0x63, 0x61, 0xe9])))], options: { encoding: 'latin1' } },
  { name: 'bulk: hex encoding', input: bytes('$2\r\n', Buffer.from([0xab, 0x01]), '\r\n'), events: [reply(bulk(Buffer.from([0xab, 0x01])))], options: { encoding: 'hex' } },
  { name: 'bulk: maxBulkLength exactly', input: bytes('$10\r\n0123456789\r\n'), events: [reply(bulk('0123456789'))], options: { maxBulkLength: 10 } },
);

const nulls: Vector[] = [
  { name: 'null bulk', input: bytes('$-1\r\n'), events: [reply(null)] },
  { name: 'null array', input: bytes('*-1\r\n'), events: [reply(null)] },
  { name: 'RESP3 null', input: bytes('_\r\n'), events: [reply(null)] },
];

const booleans: Vector[] = [
  { name: 'boolean true', input: bytes('#t\r\n'), events: [reply(true)] },
  { name: 'boolean false', input: bytes('#f\r\n'), events: [reply(false)] },
];

const doubleCases: [string, number][] = [
  ['1.23', 1.23],
  ['0.3', 0.3],
  ['10', 10],
  ['-1.5', -1.5],
  ['0', 0],
  ['-0', -0],
  ['inf', Infinity],
  ['-inf', -Infinity],
  ['+inf', Infinity],
  ['nan', NaN],
  ['1e10', 1e10],
  ['1.5e-3', 1.5e-3],
  ['1.5E+3', 1500],
  ['-2.5e-10', -2.5e-10],
  ['3.141592653589793', 3.141592653589793],
  ['1.7976931348623157e308', 1.7976931348623157e308],
  ['5e-324', 5e-324],
  ['0.1', 0.1],
  ['123456789.123456789', 123456789.123456789],
];
const doubles: Vector[] = doubleCases.map(([text, value]) => ({
  name: `double: ${text}`,
  input: bytes(`,${text}\r\n`),
  events: [reply(value)],
}));

const bigNumbers: Vector[] = [
  ['3492890328409238509324850943850943825024385', 3492890328409238509324850943850943825024385n],
  ['-3492890328409238509324850943850943825024385', -3492890328409238509324850943850943825024385n],
  ['0', 0n],
  ['1', 1n],
].map(([text, value]) => ({ name: `big number: ${String(text)}`, input: bytes(`(${String(text)}\r\n`), events: [reply(value as bigint)] }));

const bulkErrors: Vector[] = [
  { name: 'bulk error', input: blob('!', 'SYNTAX invalid syntax'), events: [error('SYNTAX invalid syntax')] },
  { name: 'bulk error: with CRLF inside', input: blob('!', 'ERR a\r\nb c d'), events: [error('ERR a\r\nb c d')] },
  { name: 'bulk error: empty', input: blob('!', ''), events: [error('')] },
  { name: 'bulk error: MOVED', input: blob('!', 'MOVED 3999 127.0.0.1:6381'), events: [error('MOVED 3999 127.0.0.1:6381')] },
];

const verbatims: Vector[] = [
  { name: 'verbatim: txt', input: blob('=', 'txt:Some string'), events: [reply(verbatim('txt', 'Some string'))] },
  { name: 'verbatim: mkd', input: blob('=', 'mkd:# Title'), events: [reply(verbatim('mkd', '# Title'))] },
  { name: 'verbatim: empty text', input: blob('=', 'txt:'), events: [reply(verbatim('txt', ''))] },
  { name: 'verbatim: UTF-8', input: blob('=', 'txt:héllo'), events: [reply(verbatim('txt', 'héllo'))] },
  { name: 'verbatim: CRLF inside', input: blob('=', 'txt:a\r\nb\r\nc'), events: [reply(verbatim('txt', 'a\r\nb\r\nc'))] },
];

export const SCALAR_VECTORS: Vector[] = [
  ...simpleStrings,
  ...errors,
  ...integers,
  ...bulks,
  ...nulls,
  ...booleans,
  ...doubles,
  ...bigNumbers,
  ...bulkErrors,
  ...verbatims,
];
