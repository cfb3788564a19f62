import { describe, expect, it } from 'vitest';
import { DataError } from '@aredis/resp-parser';
import { COMMANDS } from '../src/index.js';

const C = COMMANDS;
const bad = <T>(v: unknown): T => v as T;

/**
 * The checks a declaration writes in its own build name the command through building(): each
 * text, whole, as it was when the name was spelt in the literal.
 */
const cases: [() => unknown, string][] = [
  [() => C.bitcount.build('k', 1), "BITCOUNT: arguments 'start' and 'end' must be given together"],
  [() => C.bitpos.build('k', bad(2)), "BITPOS: argument 'bit' must be 0 or 1"],
  [() => C.bitop.build('NOT', 'd', 'a', 'b'), "BITOP: operation NOT takes exactly one of 'keys'"],
  [() => C.setbit.build('k', 0, bad(2)), "SETBIT: argument 'value' must be 0 or 1"],
  [() => C.bitfieldRo.build('k', 'u8', 0, bad('x')), "BITFIELD_RO: argument 'items' must be an array of [encoding, offset]"],
  [() => C.bitfieldRo.build('k', 'u8', 0, bad([['u8']])), "BITFIELD_RO: argument 'items' must hold [encoding, offset] pairs"],
  [() => C.clusterFailover.build(bad('soft')), "CLUSTER FAILOVER: argument 'option' must be FORCE or TAKEOVER"],
  [() => C.clusterSetslot.build(1, 'STABLE', 'id'), "CLUSTER SETSLOT: STABLE takes no 'nodeId'"],
  [() => C.clusterSetslot.build(1, bad('OPEN')), "CLUSTER SETSLOT: argument 'state' must be IMPORTING, MIGRATING, NODE or STABLE"],
  [() => C.clusterSetslot.build(1, 'NODE'), "CLUSTER SETSLOT: state NODE needs a 'nodeId'"],
  [() => C.clientList.build({ clientId: [] }), "CLIENT LIST: argument 'clientId' must be a non-empty array of ids"],
  [() => C.clientKill.build(bad(7)), "CLIENT KILL: argument 'target' must be an ip:port string or an object of filters"],
  [() => C.clientKill.build({}), "CLIENT KILL: argument 'target' must hold at least one filter"],
  [() => C.clientCaching.build(bad('yes')), "CLIENT CACHING: argument 'yes' must be a boolean"],
  [() => C.clientSetinfo.build(bad('lib'), 'x'), "CLIENT SETINFO: argument 'attr' must be 'lib-name' or 'lib-ver'"],
  [() => C.sortRo.build('k', bad({ store: 'd' })), "SORT_RO: options 'store' and 'groups' belong to sort()"],
  [() => C.migrate.build('h', 1, 'k', 0, 1, bad({ auth2: ['u'] })), "MIGRATE: option 'auth2' must be [username, password]"],
  [() => C.geoadd.build('k', []), "GEOADD: argument 'values' must be a non-empty list of longitude, latitude, member"],
  [() => C.geoadd.build('k', bad([1, 2])), "GEOADD: argument 'values' must hold longitude, latitude, member triples"],
  [() => C.hrandfield.build('k', undefined, { withvalues: true }), "HRANDFIELD: option 'withvalues' needs a 'count'"],
  [() => C.hset.build('k', undefined as never, 'v'), "HSET: 'key' and 'value' must be given together"],
  [() => C.hset.build('k', undefined as never, undefined, bad({ items: ['f'] })), "HSET: option 'items' must be a flat array of field, value pairs"],
  [() => C.hset.build('k', undefined as never), "HSET: needs a 'key' and 'value', a 'mapping' or 'items'"],
  [() => C.lpos.build('k', 'v', { rank: 0 }), "LPOS: argument 'rank' must not be 0"],
  [() => C.scriptExists.build(), "SCRIPT EXISTS: argument 'shas' needs at least one sha"],
  [() => C.scriptDebug.build(bad('maybe')), "SCRIPT DEBUG: argument 'mode' must be YES, SYNC or NO"],
  [() => C.functionRestore.build('p', bad({ policy: 'MERGE' })), "FUNCTION RESTORE: option 'policy' must be APPEND, REPLACE or FLUSH"],
  [() => C.aclLog.build({ count: 1, reset: true }), "ACL LOG: options 'count' and 'reset' cannot be combined"],
  [() => C.aclSetuser.build('u', { keys: [''] }), "ACL SETUSER: each of 'keys' must be a non-empty string"],
  [() => C.aclSetuser.build('u', { selectors: [[]] }), "ACL SETUSER: each of 'selectors' must be a non-empty array of rules"],
  [() => C.commandGetkeys.build(), "COMMAND GETKEYS: argument 'args' must hold the command to inspect"],
  [() => C.commandGetkeysandflags.build(), "COMMAND GETKEYSANDFLAGS: argument 'args' must hold the command to inspect"],
  [() => C.configSet.build('maxmemory'), "CONFIG SET: argument 'value' is required with a parameter name"],
  [() => C.configSet.build(bad(5)), "CONFIG SET: argument 'name' must be a parameter name or an object of parameters"],
  [() => C.configSet.build({}), "CONFIG SET: argument 'name' must hold at least one parameter"],
  [() => C.configSet.build({ a: '1' }, 'v'), "CONFIG SET: argument 'value' must be left out when 'name' is an object"],
  [() => C.moduleLoadex.build('/m.so', bad({ args: 'x' })), "MODULE LOADEX: argument 'args' must be an array"],
  [() => C.failover.build({ host: 'h' }), "FAILOVER: options 'host' and 'port' go together"],
  [() => C.failover.build({ force: true }), "FAILOVER: option 'force' needs 'host' and 'port'"],
  [() => C.shutdown.build({ abort: true, now: true }), "SHUTDOWN: option 'abort' cannot be combined with other options"],
  [() => C.zadd.build('k', { a: 1, b: 2 }, { incr: true }), "ZADD: option 'incr' takes a mapping of exactly one member"],
  [() => C.zrandmember.build('k', undefined, { withscores: true }), "ZRANDMEMBER: option 'withscores' needs a 'count'"],
  [() => C.xtrim.build('k', {}), "XTRIM: one of the options 'maxlen' or 'minid' is required"],
  [() => C.xpending.build('k', 'g', bad({ min: '-' })), "XPENDING: the range form needs 'min', 'max' and 'count'"],
  [() => C.xclaim.build('k', 'g', 'c', 0, bad('1-0')), "XCLAIM: argument 'messageIds' must be an array of ids"],
  [() => C.xinfoStream.build('k', { count: 1 }), "XINFO STREAM: option 'count' needs 'full'"],
  [() => C.lcs.build('a', 'b', { withmatchlen: true }), "LCS: options 'minmatchlen' and 'withmatchlen' need 'idx'"],
];

describe('the DataError texts a build writes itself', () => {
  it.each(cases.map(([build, message]) => [message, build] as const))('%s', (message, build) => {
    expect(build).toThrow(new DataError(message));
  });
});
