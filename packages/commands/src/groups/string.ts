import { defineCommand, returns, type Bulk, type KeyArg, type ValueArg } from '../define.js';
import { exclusive, integer, key, value } from '../args.js';
import type { CommandArg } from '@aredis/resp-parser';

export const get = defineCommand({
  name: 'GET',
  build: (name: KeyArg) => ['GET', key('GET', 'name', name)],
  returns: returns<Bulk | null>(),
  readonly: true,
});

export interface SetOptions {
  /** Expire after this many seconds. */
  ex?: number;
  /** Expire after this many milliseconds. */
  px?: number;
  /** Expire at this unix time in seconds. */
  exat?: number;
  /** Expire at this unix time in milliseconds. */
  pxat?: number;
  /** Only set if the key does not exist. */
  nx?: boolean;
  /** Only set if the key exists. */
  xx?: boolean;
  /** Keep the key's current time to live. */
  keepttl?: boolean;
  /** Return the old value (SET ... GET). */
  get?: boolean;
}

/**
 * SET: `true` when set, `null` when NX/XX prevented it; with `get: true`, the old value
 * (or null), as redis-py returns.
 */
export const set = defineCommand({
  name: 'SET',
  build: (name: KeyArg, val: ValueArg, options: SetOptions = {}) => {
    const args: CommandArg[] = ['SET', key('SET', 'name', name), value('SET', 'value', val)];
    exclusive('SET', options, ['ex', 'px', 'exat', 'pxat', 'keepttl']);
    exclusive('SET', options, ['nx', 'xx']);
    if (options.ex !== undefined) args.push('EX', integer('SET', 'ex', options.ex));
    if (options.px !== undefined) args.push('PX', integer('SET', 'px', options.px));
    if (options.exat !== undefined) args.push('EXAT', integer('SET', 'exat', options.exat));
    if (options.pxat !== undefined) args.push('PXAT', integer('SET', 'pxat', options.pxat));
    if (options.keepttl) args.push('KEEPTTL');
    if (options.nx) args.push('NX');
    if (options.xx) args.push('XX');
    if (options.get) args.push('GET');
    return args;
  },
  reply: (reply, options) => (options.get ? reply : reply === null ? null : reply === 'OK'),
  returns: returns<boolean | null | Bulk>(),
});
