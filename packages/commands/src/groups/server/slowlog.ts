import { defineCommand, returns, type Bulk } from '../../define.js';
import { integer } from '../../args.js';
import { okToBoolean, texts } from '../../callbacks.js';
import { parseSlowlogGet, type SlowlogEntry } from '../../replies/diagnostics.js';

export type { SlowlogEntry } from '../../replies/diagnostics.js';

/** SLOWLOG GET [count]: recent slow commands as objects (redis-py's parse_slowlog_get). */
export const slowlogGet = defineCommand({
  name: 'SLOWLOG GET',
  build: (num?: number) => (num === undefined ? ['SLOWLOG', 'GET'] : ['SLOWLOG', 'GET', integer('num', num)]),
  reply: (reply) => parseSlowlogGet(reply),
  returns: returns<SlowlogEntry<Bulk>[]>(),
});

/** SLOWLOG LEN: the number of entries in the slow log. */
export const slowlogLen = defineCommand({ name: 'SLOWLOG LEN', returns: returns<number>() });

/** SLOWLOG RESET: empties the slow log. */
export const slowlogReset = defineCommand({ name: 'SLOWLOG RESET', reply: okToBoolean, returns: returns<boolean>() });

export const slowlogHelp = defineCommand({ name: 'SLOWLOG HELP', reply: texts, returns: returns<string[]>() });
