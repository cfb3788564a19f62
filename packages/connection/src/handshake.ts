import { AuthorizationError, NoPermissionError, ResponseError } from '@aredis/resp-parser';
import { credentialsFrom } from './credentials.js';
import type { Command, ConnectionOptions } from './options.js';

/**
 * The commands a fresh socket needs before it carries user commands, run after every
 * (re)connect: HELLO 3 (with AUTH and SETNAME) when protocol 3 is asked for, falling back to
 * AUTH / CLIENT SETNAME under RESP2 when the server refuses HELLO; then SELECT. The
 * credentials are `username`/`password`, or the `credentialProvider`'s, asked each time. Resolves with
 * the protocol in use. Server errors (a wrong password) reject with their ResponseError; a
 * user not allowed to run one of them (NOPERM) with an AuthorizationError (a ConnectionError).
 */
export async function runHandshake(
  options: Readonly<ConnectionOptions>,
  sendCommand: (args: Command) => Promise<unknown>,
): Promise<2 | 3> {
  const send = (args: Command): Promise<unknown> =>
    sendCommand(args).catch((error: unknown) => {
      if (!(error instanceof NoPermissionError)) throw error;
      throw new AuthorizationError(`The connection's user may not run ${String(args[0])}: ${error.message}`, { cause: error });
    });
  const { clientName } = options;
  const { username, password } =
    options.credentialProvider === undefined ? options : await credentialsFrom(options.credentialProvider);
  let protocol: 2 | 3 = 2;
  let named = false;
  let authed = false;
  if ((options.protocol ?? 3) === 3) {
    const hello: string[] = ['HELLO', '3'];
    if (password !== undefined) hello.push('AUTH', username ?? 'default', password);
    if (clientName !== undefined) hello.push('SETNAME', clientName);
    try {
      await send(hello);
      protocol = 3;
      named = true;
      authed = true;
    } catch (error) {
      if (!refusesHello(error)) throw error;
    }
  }
  if (!authed && password !== undefined) {
    await send(username === undefined ? ['AUTH', password] : ['AUTH', username, password]);
  }
  if (!named && clientName !== undefined) await send(['CLIENT', 'SETNAME', clientName]);
  if (options.db !== undefined && options.db !== 0) await send(['SELECT', options.db]);
  return protocol;
}

/** The server does not speak HELLO / RESP3 (Redis before 6, or a proxy). */
function refusesHello(error: unknown): boolean {
  if (!(error instanceof ResponseError)) return false;
  if (error.prefix === 'NOPROTO') return true;
  return error.prefix === 'ERR' && /^ERR unknown command/i.test(error.message);
}
