import type { CommandArg } from '@aredis/resp-parser';
import { defineCommand, trailingOptions, returns, type Bulk, type KeyArg } from '../../define.js';
import { key, nonNegative } from '../../args.js';
import { okToBoolean, texts, verbatimToBulk } from '../../callbacks.js';
import { parseMemoryStats, type MemoryStats } from '../../replies/diagnostics.js';

export type { MemoryStats } from '../../replies/diagnostics.js';

/** MEMORY DOCTOR: the server's advice on memory (a report text). */
export const memoryDoctor = defineCommand({ name: 'MEMORY DOCTOR', reply: verbatimToBulk, returns: returns<Bulk>() });

/** MEMORY MALLOC-STATS: the allocator's statistics (a report text). */
export const memoryMallocStats = defineCommand({
  name: 'MEMORY MALLOC-STATS',
  reply: verbatimToBulk,
  returns: returns<Bulk>(),
});

/** MEMORY PURGE: asks the allocator to release memory. */
export const memoryPurge = defineCommand({ name: 'MEMORY PURGE', reply: okToBoolean, returns: returns<boolean>() });

/** MEMORY STATS: memory usage details as an object (`'peak.allocated'`, `'db.0'`, ...). */
export const memoryStats = defineCommand({
  name: 'MEMORY STATS',
  reply: (reply) => parseMemoryStats(reply),
  returns: returns<MemoryStats>(),
});

/** MEMORY USAGE key [SAMPLES count]: bytes the key takes, or null when it does not exist. */
export const memoryUsage = defineCommand({
  name: 'MEMORY USAGE',
  options: trailingOptions(1, { samples: true }),
  build: (name: KeyArg, options: { samples?: number } = {}) => {
    const args: CommandArg[] = ['MEMORY', 'USAGE', key('key', name)];
    if (options.samples !== undefined) args.push('SAMPLES', nonNegative('samples', options.samples));
    return args;
  },
  returns: returns<number | null>(),
});

export const memoryHelp = defineCommand({ name: 'MEMORY HELP', reply: texts, returns: returns<string[]>() });
