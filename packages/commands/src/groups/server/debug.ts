import { defineCommand, returns, type Bulk, type KeyArg } from '../../define.js';
import { integer, key } from '../../args.js';
import { verbatimToBulk } from '../../callbacks.js';
import { parseDebugObject } from '../../replies/diagnostics.js';

/**
 * DEBUG OBJECT key: the key's internals as an object (redis-py's parse_debug_object):
 * `{ type: 'Value', at, refcount, encoding, serializedlength, lru, lru_seconds_idle, ... }`.
 * DEBUG is disabled by default since Redis 7.0 (`enable-debug-command`); its other
 * subcommands are not methods (excluded.ts).
 */
export const debugObject = defineCommand({
  name: 'DEBUG OBJECT',
  build: (name: KeyArg) => ['DEBUG', 'OBJECT', key('key', name)],
  reply: (reply) => parseDebugObject(reply),
  returns: returns<Record<string, string | number>>(),
});

/** LOLWUT [VERSION version [param ...]]: computer art and the server's version (text). */
export const lolwut = defineCommand({
  name: 'LOLWUT',
  build: (version?: number, ...params: number[]) => {
    if (version === undefined) return ['LOLWUT'];
    return ['LOLWUT', 'VERSION', integer('version', version), ...params.map((p) => integer('params', p))];
  },
  reply: verbatimToBulk,
  returns: returns<Bulk>(),
});
