/**
 * The connection commands (group 'connection'): PING, ECHO and the CLIENT subcommands.
 * AUTH, HELLO, SELECT, QUIT, RESET and CLIENT REPLY are not methods: see excluded.ts.
 */
import { defineCommand, returns, type Bulk } from '../define.js';
import { value } from '../args.js';

export * from './connection/client.js';

/**
 * PING [message]: `PONG` without a message, the message echoed with one. (redis-py's ping()
 * gives True; here the text, because with a message, which redis-py's ping lacks, a `PONG`
 * reply could not be told apart from an echoed "PONG".)
 */
export const ping = defineCommand({
  name: 'PING',
  build: (message?: string | Buffer) => (message === undefined ? ['PING'] : ['PING', value('message', message)]),
  returns: returns<string | Bulk>(),
});

/** ECHO message: the message. */
export const echo = defineCommand({ name: 'ECHO', returns: returns<Bulk>() });
