import { DataError } from '@aredis/resp-parser';
import { checkOptions } from '@aredis/resp-parser/internal';
import type { ConnectionOptions } from './options.js';

/**
 * The option names every connection class takes (`AbstractConnection.optionNames`). A
 * subclass that takes more lists them on itself:
 * `static override readonly optionNames = [...Connection.optionNames, 'myOption']`.
 */
export const CONNECTION_OPTION_NAMES = [
  'db',
  'username',
  'password',
  'credentialProvider',
  'clientName',
  'socketConnectTimeout',
  'socketTimeout',
  'silenceTimeout',
  'socketKeepalive',
  'noDelay',
  'protocol',
  'parserClass',
  'encoding',
  'decodeResponses',
  'retry',
  'offlineQueue',
  'maxOfflineQueue',
  'commandTimeout',
  'healthCheckInterval',
  'onPush',
] as const satisfies readonly (keyof ConnectionOptions)[];

// A compile-time check that the list above names every key of ConnectionOptions.
type Unlisted = Exclude<keyof ConnectionOptions, (typeof CONNECTION_OPTION_NAMES)[number]>;
const everyOptionListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyOptionListed;

/** Names this library used before it took redis-py's, and the option each became. */
const RENAMED: Readonly<Record<string, string>> = {
  connectTimeout: 'socketConnectTimeout',
};

/**
 * `checkOptions` for the options of a connection, pool or client: an unknown key is a
 * DataError naming it and the nearest known key; an old name points to the new one.
 */
export function checkOptionKeys(where: string, given: object | undefined, known: readonly string[]): void {
  if (given === undefined) return;
  for (const key in given) {
    if (known.includes(key)) continue;
    const renamed = RENAMED[key];
    if (renamed !== undefined && known.includes(renamed)) {
      throw new DataError(`${where}: option '${key}' is now '${renamed}' (in seconds, as redis-py)`);
    }
    checkOptions(where, given, known);
  }
}
