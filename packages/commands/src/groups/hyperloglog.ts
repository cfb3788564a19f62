/**
 * The hyperloglog commands (group 'hyperloglog' in the Redis command specifications).
 * Every export is a command declaration; the export name is the method name.
 * PFDEBUG and PFSELFTEST are internal testing commands (doc flag SYSCMD) and are not methods.
 */
import { defineCommand, returns, type KeyArg, type ValueArg } from '../define.js';
import { key, value } from '../args.js';
import { okToBoolean } from '../callbacks.js';

/** PFADD: 1 when an internal register changed, else 0 (redis-py keeps the integer). */
export const pfadd = defineCommand({
  name: 'PFADD',
  build: (name: KeyArg, ...values: ValueArg[]) => ['PFADD', key('name', name), ...values.map((v) => value('values', v))],
  returns: returns<number>(),
});

/** PFCOUNT: the estimated cardinality of the union of the sources. */
export const pfcount = defineCommand({ name: 'PFCOUNT', returns: returns<number>() });

/** PFMERGE: `true`. */
export const pfmerge = defineCommand({
  name: 'PFMERGE',
  build: (dest: KeyArg, ...sources: KeyArg[]) => [
    'PFMERGE',
    key('dest', dest),
    ...sources.map((s) => key('sources', s)),
  ],
  reply: (reply) => okToBoolean(reply),
  returns: returns<boolean>(),
});
