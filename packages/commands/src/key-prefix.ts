import { DataError, type CommandArg } from '@aredis/resp-parser';
import { commandKeyIndexes, commandName } from './keys.js';

/** A client's `keyPrefix` (ioredis's): a string or Buffer put before every key a command names. */
export type KeyPrefix = string | Buffer;

/** Checks a `keyPrefix` option: a non-empty string or Buffer, or undefined (no prefix). */
export function checkKeyPrefix(where: string, prefix: unknown): KeyPrefix | undefined {
  if (prefix === undefined) return undefined;
  if ((typeof prefix === 'string' || Buffer.isBuffer(prefix)) && prefix.length > 0) return prefix;
  throw new DataError(`${where}: option 'keyPrefix' must be a non-empty string or Buffer`);
}

/** SPUBLISH's and SSUBSCRIBE's shard channels are flagged NOT_KEY: a channel is not a key, it keeps its name. */
const NOT_CHANNELS = { excludeNotKeys: true } as const;

function join(prefix: KeyPrefix, arg: CommandArg): CommandArg {
  if (typeof prefix === 'string' && !Buffer.isBuffer(arg)) return prefix + String(arg);
  return Buffer.concat([Buffer.isBuffer(prefix) ? prefix : Buffer.from(prefix), Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg))]);
}

/**
 * The command with `prefix` before each of its keys, as the key specifications of the Redis
 * command tables find them (so MGET/MSET, DEL, EVAL/FCALL's KEYS, XREAD's STREAMS, ... all
 * follow; not SPUBLISH's shard channel, flagged NOT_KEY), and before SORT's BY and GET patterns, which Redis reads as key names (not `#`,
 * nor BY `nosort`). Nothing else changes: replies that hold key names (KEYS, SCAN) come back as
 * the server has them, as with ioredis. Returns a new array (`command` is left as it was), or,
 * with no prefix, `command` itself: every client calls it with its optional `keyPrefix`.
 */
export function prefixKeys<C extends readonly CommandArg[]>(command: C, prefix: KeyPrefix | undefined): C | CommandArg[] {
  if (prefix === undefined) return command;
  const out = command.slice();
  for (const i of commandKeyIndexes(command, NOT_CHANNELS)) out[i] = join(prefix, command[i] as CommandArg);
  const name = commandName(command);
  if (name === 'SORT' || name === 'SORT_RO') {
    for (let i = 2; i < out.length - 1; i++) {
      const word = String(out[i]).toUpperCase();
      if (word === 'LIMIT') i += 2;
      else if (word === 'STORE') i += 1;
      else if (word === 'BY' || word === 'GET') {
        const pattern = String(out[i + 1]);
        const keep = (word === 'GET' && pattern === '#') || (word === 'BY' && pattern.toLowerCase() === 'nosort');
        if (!keep) out[i + 1] = join(prefix, out[i + 1] as CommandArg);
        i += 1;
      }
    }
  }
  return out;
}
