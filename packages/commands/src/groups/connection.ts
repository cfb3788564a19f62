import { defineCommand, returns, type Bulk } from '../define.js';
import { value } from '../args.js';

/** PING [message]: `PONG` (a string) without a message, the message echoed with one. */
export const ping = defineCommand({
  name: 'PING',
  build: (message?: string | Buffer) => (message === undefined ? ['PING'] : ['PING', value('PING', 'message', message)]),
  returns: returns<string | Bulk>(),
});

export const echo = defineCommand({
  name: 'ECHO',
  build: (message: string | Buffer | number) => ['ECHO', value('ECHO', 'message', message)],
  returns: returns<Bulk>(),
});
