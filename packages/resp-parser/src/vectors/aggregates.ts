/** Vectors for aggregates: arrays, maps, sets, attributes, pushes, streamed forms, pipelines. */
import { attribute, bulk, error, map, push, reply, responseError, set, verbatim, type Expected } from './expected.js';
import { blob, bytes, type Vector } from './vector.js';

const $ = (text: string | Buffer): Buffer => blob('$', text);
const nested = (depth: number): Buffer => bytes('*1\r\n'.repeat(depth), ':1\r\n');
const nestedValue = (depth: number): Expected => {
  let value: Expected = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};
const words = (n: number): string[] => Array.from({ length: n }, (_, i) => `value:${i}`);

const arrays: Vector[] = [
  { name: 'array: empty', input: bytes('*0\r\n'), events: [reply([])] },
  { name: 'array: integers', input: bytes('*3\r\n:1\r\n:2\r\n:3\r\n'), events: [reply([1, 2, 3])] },
  { name: 'array: bulks', input: bytes('*2\r\n', $('foo'), $('bar')), events: [reply([bulk('foo'), bulk('bar')])] },
  {
    name: 'array: every RESP2 type',
    input: bytes('*5\r\n+OK\r\n:-7\r\n', $('bulk'), '$-1\r\n*-1\r\n'),
    events: [reply(['OK', -7, bulk('bulk'), null, null])],
  },
  {
    name: 'array: every RESP3 scalar',
    input: bytes('*7\r\n_\r\n#t\r\n,2.5\r\n(12345678901234567890\r\n', blob('=', 'txt:v'), '#f\r\n,nan\r\n'),
    events: [reply([null, true, 2.5, 12345678901234567890n, verbatim('txt', 'v'), false, NaN])],
  },
  { name: 'array: nested', input: bytes('*2\r\n*2\r\n:1\r\n:2\r\n*1\r\n:3\r\n'), events: [reply([[1, 2], [3]])] },
  { name: 'array: empty nested', input: bytes('*2\r\n*0\r\n*0\r\n'), events: [reply([[], []])] },
  { name: 'array: null bulk inside', input: bytes('*3\r\n', $('a'), '$-1\r\n', $('c')), events: [reply([bulk('a'), null, bulk('c')])] },
  { name: 'array: null array inside', input: bytes('*2\r\n*-1\r\n:1\r\n'), events: [reply([null, 1])] },
  { name: 'array: error stays in place', input: bytes('*3\r\n:1\r\n-ERR bad\r\n:3\r\n'), events: [reply([1, responseError('ERR bad'), 3])] },
  {
    name: 'array: EXEC reply with errors of several classes',
    input: bytes('*3\r\n+OK\r\n-WRONGTYPE Operation against a key\r\n-MOVED 1 h:1\r\n'),
    events: [reply(['OK', responseError('WRONGTYPE Operation against a key'), responseError('MOVED 1 h:1')])],
  },
  { name: 'array: bulk error stays in place', input: bytes('*2\r\n', blob('!', 'ERR x y'), ':2\r\n'), events: [reply([responseError('ERR x y'), 2])] },
  { name: 'array: error as last element', input: bytes('*1\r\n-ERR last\r\n'), events: [reply([responseError('ERR last')])] },
  {
    name: 'array: 100 short bulks',
    input: bytes(`*100\r\n`, ...words(100).map((w) => $(w))),
    events: [reply(words(100).map((w) => bulk(w)))],
  },
  {
    name: 'array: ASCII bulks of every length 0 to 30',
    input: bytes('*31\r\n', ...Array.from({ length: 31 }, (_, i) => $('0123456789abcdefghijklmnopqrstu'.slice(0, i)))),
    events: [reply(Array.from({ length: 31 }, (_, i) => bulk('0123456789abcdefghijklmnopqrstu'.slice(0, i))))],
  },
  {
    name: 'array: simple strings of every length 0 to 30',
    input: bytes('*31\r\n', ...Array.from({ length: 31 }, (_, i) => `+${'0123456789abcdefghijklmnopqrstu'.slice(0, i)}\r\n`)),
    events: [reply(Array.from({ length: 31 }, (_, i) => '0123456789abcdefghijklmnopqrstu'.slice(0, i)))],
  },
  { name: 'array: 10 levels deep', input: nested(10), events: [reply(nestedValue(10))] },
  { name: 'array: maxDepth levels deep is accepted', input: nested(5), events: [reply(nestedValue(5))], options: { maxDepth: 5 } },
  { name: 'array: 1024 levels deep (default maxDepth)', input: nested(1024), events: [reply(nestedValue(1024))] },
  { name: 'array: UTF-8 bulks', input: bytes('*2\r\n', $('héllo'), $('😀')), events: [reply([bulk('héllo'), bulk('😀')])] },
  { name: 'array: big integers', input: bytes('*2\r\n:9007199254740992\r\n:-9007199254740991\r\n'), events: [reply([9007199254740992n, -9007199254740991])] },
  { name: 'array: map inside', input: bytes('*2\r\n%1\r\n+k\r\n:1\r\n:2\r\n'), events: [reply([map(['k', 1]), 2])] },
];

const maps: Vector[] = [
  { name: 'map: simple', input: bytes('%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n'), events: [reply(map(['first', 1], ['second', 2]))] },
  { name: 'map: empty', input: bytes('%0\r\n'), events: [reply(map())] },
  { name: 'map: bulk keys', input: bytes('%2\r\n', $('a'), $('1'), $('b'), $('2')), events: [reply(map([bulk('a'), bulk('1')], [bulk('b'), bulk('2')]))] },
  { name: 'map: nested map', input: bytes('%1\r\n+outer\r\n%1\r\n+inner\r\n#t\r\n'), events: [reply(map(['outer', map(['inner', true])]))] },
  { name: 'map: array values', input: bytes('%1\r\n+list\r\n*2\r\n:1\r\n:2\r\n'), events: [reply(map(['list', [1, 2]]))] },
  { name: 'map: null values', input: bytes('%2\r\n+a\r\n_\r\n+b\r\n$-1\r\n'), events: [reply(map(['a', null], ['b', null]))] },
  { name: 'map: integer keys', input: bytes('%2\r\n:1\r\n+one\r\n:2\r\n+two\r\n'), events: [reply(map([1, 'one'], [2, 'two']))] },
  {
    name: 'map: HELLO-like reply',
    input: bytes('%3\r\n', $('server'), $('redis'), $('proto'), ':3\r\n', $('modules'), '*0\r\n'),
    events: [reply(map([bulk('server'), bulk('redis')], [bulk('proto'), 3], [bulk('modules'), []]))],
  },
];

const sets: Vector[] = [
  { name: 'set: simple', input: bytes('~3\r\n+a\r\n+b\r\n+c\r\n'), events: [reply(set('a', 'b', 'c'))] },
  { name: 'set: empty', input: bytes('~0\r\n'), events: [reply(set())] },
  { name: 'set: mixed', input: bytes('~3\r\n:1\r\n', $('x'), '#t\r\n'), events: [reply(set(1, bulk('x'), true))] },
  { name: 'set: nested in array', input: bytes('*2\r\n~1\r\n:1\r\n~0\r\n'), events: [reply([set(1), set()])] },
];

const attributes: Vector[] = [
  {
    name: 'attribute: before an array reply',
    input: bytes('|1\r\n+key-popularity\r\n%2\r\n', $('a'), ',0.1923\r\n', $('b'), ',0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n'),
    events: [
      attribute(map(['key-popularity', map([bulk('a'), 0.1923], [bulk('b'), 0.0012])])),
      reply([2039123, 9543892]),
    ],
  },
  { name: 'attribute: before a simple string', input: bytes('|1\r\n+ttl\r\n:3600\r\n+OK\r\n'), events: [attribute(map(['ttl', 3600])), reply('OK')] },
  {
    name: 'attribute: inside an array, not counted as an element',
    input: bytes('*2\r\n|1\r\n+a\r\n+b\r\n:1\r\n:2\r\n'),
    events: [attribute(map(['a', 'b'])), reply([1, 2])],
  },
  { name: 'attribute: two in a row', input: bytes('|1\r\n+x\r\n:1\r\n|1\r\n+y\r\n:2\r\n:3\r\n'), events: [attribute(map(['x', 1])), attribute(map(['y', 2])), reply(3)] },
  { name: 'attribute: dropped without onAttribute', input: bytes('|1\r\n+x\r\n:1\r\n:7\r\n'), events: [reply(7)], options: { withAttribute: false } },
  { name: 'attribute: empty', input: bytes('|0\r\n#t\r\n'), events: [attribute(map()), reply(true)] },
  { name: 'attribute: before a map value', input: bytes('%1\r\n+k\r\n|1\r\n+m\r\n+n\r\n+v\r\n'), events: [attribute(map(['m', 'n'])), reply(map(['k', 'v']))] },
];

const pushes: Vector[] = [
  { name: 'push: pubsub message', input: bytes('>3\r\n', $('message'), $('chan'), $('hello')), events: [push([bulk('message'), bulk('chan'), bulk('hello')])] },
  { name: 'push: between replies', input: bytes('+OK\r\n>2\r\n+a\r\n+b\r\n:1\r\n'), events: [reply('OK'), push(['a', 'b']), reply(1)] },
  { name: 'push: before a reply', input: bytes('>1\r\n+inv\r\n$3\r\nval\r\n'), events: [push(['inv']), reply(bulk('val'))] },
  { name: 'push: without onPush goes to onReply', input: bytes('>2\r\n+a\r\n:1\r\n+OK\r\n'), events: [reply(['a', 1]), reply('OK')], options: { withPush: false } },
  { name: 'push: several in a row', input: bytes('>1\r\n:1\r\n>1\r\n:2\r\n>1\r\n:3\r\n'), events: [push([1]), push([2]), push([3])] },
  {
    name: 'push: invalidate with nested array',
    input: bytes('>2\r\n', $('invalidate'), '*2\r\n', $('k1'), $('k2')),
    events: [push([bulk('invalidate'), [bulk('k1'), bulk('k2')]])],
  },
  { name: 'push: empty', input: bytes('>0\r\n'), events: [push([])] },
  { name: 'push: after an error', input: bytes('-ERR x\r\n>1\r\n+p\r\n'), events: [error('ERR x'), push(['p'])] },
];

const streamed: Vector[] = [
  { name: 'streamed string: chunks', input: bytes('$?\r\n;4\r\nHell\r\n;5\r\no wor\r\n;1\r\nd\r\n;0\r\n'), events: [reply(bulk('Hello word'))] },
  { name: 'streamed string: no chunks', input: bytes('$?\r\n;0\r\n'), events: [reply(bulk(''))] },
  { name: 'streamed string: one chunk', input: bytes('$?\r\n;3\r\nabc\r\n;0\r\n'), events: [reply(bulk('abc'))] },
  {
    name: 'streamed string: UTF-8 character cut between chunks',
    input: bytes('$?\r\n;2\r\n', Buffer.from([0x68, 0xc3]), '\r\n;3\r\n', Buffer.from([0xa9, 0x6c, 0x6f]), '\r\n;0\r\n'),
    events: [reply(bulk('hélo'))],
  },
  { name: 'streamed string: CRLF inside a chunk', input: bytes('$?\r\n;4\r\na\r\nb\r\n;0\r\n'), events: [reply(bulk('a\r\nb'))] },
  { name: 'streamed array', input: bytes('*?\r\n:1\r\n:2\r\n:3\r\n.\r\n'), events: [reply([1, 2, 3])] },
  { name: 'streamed array: empty', input: bytes('*?\r\n.\r\n'), events: [reply([])] },
  { name: 'streamed set', input: bytes('~?\r\n+a\r\n+b\r\n.\r\n'), events: [reply(set('a', 'b'))] },
  { name: 'streamed map', input: bytes('%?\r\n+a\r\n:1\r\n+b\r\n:2\r\n.\r\n'), events: [reply(map(['a', 1], ['b', 2]))] },
  { name: 'streamed array: nested streamed', input: bytes('*?\r\n*?\r\n:1\r\n.\r\n:2\r\n.\r\n'), events: [reply([[1], 2])] },
  { name: 'streamed array inside an array', input: bytes('*2\r\n*?\r\n:1\r\n.\r\n:2\r\n'), events: [reply([[1], 2])] },
  { name: 'streamed array: streamed string element', input: bytes('*?\r\n$?\r\n;2\r\nab\r\n;0\r\n.\r\n'), events: [reply([bulk('ab')])] },
  { name: 'streamed array: followed by a reply', input: bytes('*?\r\n:1\r\n.\r\n+OK\r\n'), events: [reply([1]), reply('OK')] },
];

const pipelines: Vector[] = [
  {
    name: 'pipeline: one of each',
    input: bytes('+OK\r\n:1\r\n', $('foo'), '-ERR e\r\n$-1\r\n*1\r\n:2\r\n_\r\n#t\r\n,1.5\r\n'),
    events: [reply('OK'), reply(1), reply(bulk('foo')), error('ERR e'), reply(null), reply([2]), reply(null), reply(true), reply(1.5)],
  },
  { name: 'pipeline: 50 +OK', input: bytes('+OK\r\n'.repeat(50)), events: Array.from({ length: 50 }, () => reply('OK')) },
  { name: 'pipeline: 30 integers', input: bytes(...Array.from({ length: 30 }, (_, i) => `:${i * 997}\r\n`)), events: Array.from({ length: 30 }, (_, i) => reply(i * 997)) },
  { name: 'pipeline: errors and replies', input: bytes('-ERR a\r\n+OK\r\n-ERR b\r\n'), events: [error('ERR a'), reply('OK'), error('ERR b')] },
  { name: 'pipeline: bulks of growing size', input: bytes(...[0, 1, 10, 100].map((n) => $('y'.repeat(n)))), events: [0, 1, 10, 100].map((n) => reply(bulk('y'.repeat(n)))) },
];

export const AGGREGATE_VECTORS: Vector[] = [...arrays, ...maps, ...sets, ...attributes, ...pushes, ...streamed, ...pipelines];
