/**
 * redis-py's names for the arguments of a command with a generated builder, where they differ
 * from the specification's (`GET key` is redis-py's `get(name)`): spec name → redis-py name. They
 * name the builder's parameters and its DataError texts (`GET: argument 'name' must be ...`);
 * an argument not listed keeps the specification's name, camelCased (`node-id` → `nodeId`).
 * Read by the generator only (plain-builders-source.ts, `pnpm commands:builders`), which fails on
 * a command or an argument the specifications do not have.
 */
export const REDIS_PY_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // cluster
  'CLUSTER SET-CONFIG-EPOCH': { 'config-epoch': 'epoch' },
  // generic
  DEL: { key: 'names' },
  DUMP: { key: 'name' },
  EXISTS: { key: 'names' },
  PERSIST: { key: 'name' },
  PTTL: { key: 'name' },
  RENAME: { key: 'src', newkey: 'dst' },
  RENAMENX: { key: 'src', newkey: 'dst' },
  TOUCH: { key: 'names' },
  TTL: { key: 'name' },
  TYPE: { key: 'name' },
  UNLINK: { key: 'names' },
  // hash
  HDEL: { key: 'name', field: 'keys' },
  HEXISTS: { key: 'name', field: 'key' },
  HGET: { key: 'name', field: 'key' },
  HGETALL: { key: 'name' },
  HKEYS: { key: 'name' },
  HLEN: { key: 'name' },
  HSETNX: { key: 'name', field: 'key' },
  HSTRLEN: { key: 'name', field: 'key' },
  HVALS: { key: 'name' },
  // hyperloglog
  PFCOUNT: { key: 'sources' },
  // list
  LINDEX: { key: 'name' },
  LLEN: { key: 'name' },
  LPUSH: { key: 'name', element: 'values' },
  LPUSHX: { key: 'name', element: 'values' },
  LRANGE: { key: 'name', stop: 'end' },
  LREM: { key: 'name', element: 'value' },
  LSET: { key: 'name', element: 'value' },
  LTRIM: { key: 'name', stop: 'end' },
  RPOPLPUSH: { source: 'src', destination: 'dst' },
  RPUSH: { key: 'name', element: 'values' },
  RPUSHX: { key: 'name', element: 'values' },
  // pubsub
  SPUBLISH: { shardchannel: 'shardChannel' },
  // server
  SWAPDB: { index1: 'first', index2: 'second' },
  // set
  SADD: { key: 'name', member: 'values' },
  SCARD: { key: 'name' },
  SISMEMBER: { key: 'name', member: 'value' },
  SMEMBERS: { key: 'name' },
  SMOVE: { source: 'src', destination: 'dst', member: 'value' },
  SREM: { key: 'name', member: 'values' },
  // sorted set
  ZCARD: { key: 'name' },
  ZREM: { key: 'name', member: 'values' },
  ZREMRANGEBYRANK: { key: 'name', start: 'min', stop: 'max' },
  ZSCORE: { key: 'name', member: 'value' },
  // stream
  'XGROUP CREATECONSUMER': { key: 'name', group: 'groupname', consumer: 'consumername' },
  'XGROUP DELCONSUMER': { key: 'name', group: 'groupname', consumer: 'consumername' },
  'XGROUP DESTROY': { key: 'name', group: 'groupname' },
  'XINFO CONSUMERS': { key: 'name', group: 'groupname' },
  'XINFO GROUPS': { key: 'name' },
  XLEN: { key: 'name' },
  // string
  GET: { key: 'name' },
  GETDEL: { key: 'name' },
  GETSET: { key: 'name' },
  PSETEX: { key: 'name', milliseconds: 'timeMs' },
  SETEX: { key: 'name', seconds: 'time' },
  SETNX: { key: 'name' },
  STRLEN: { key: 'name' },
};
