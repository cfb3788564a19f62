import { AuthorizationError, ConnectionError, ProtocolError, TimeoutError } from '@aredis/resp-parser';

/** A library error as it is; anything else (a socket's own error) wrapped in ConnectionError, kept as `cause`. */
export function asConnectionError(error: Error, where: string): Error {
  if (
    error instanceof ConnectionError ||
    error instanceof TimeoutError ||
    error instanceof ProtocolError ||
    (error as { prefix?: string }).prefix !== undefined
  ) {
    return error;
  }
  return new ConnectionError(`Connection to ${where} failed: ${error.message}`, { cause: error });
}

/** What a server at its `maxclients` answers a new connection (then closes it). */
const MAX_CLIENTS = 'ERR max number of clients reached';

/**
 * Errors that retrying cannot cure: the server refused the handshake (wrong password,
 * unknown user, a db out of range, a user without the permissions it needs). A server still
 * loading its data set, or at its `maxclients`, is worth a retry.
 */
export function isFatal(error: Error): boolean {
  if (error instanceof AuthorizationError) return true;
  if ((error as { prefix?: unknown }).prefix === undefined) return false;
  if (error.message === MAX_CLIENTS) return false;
  return (error as { code?: unknown }).code !== 'AREDIS_ERR_BUSY_LOADING';
}

/** The error for a command that never reached the server, because of `error`: says `mayHaveRun: false`. */
export function notWritten(error: Error): ConnectionError {
  const cause = error instanceof ConnectionError ? error.cause : error;
  const what = error instanceof ConnectionError ? error.message : `Connection lost: ${error.message}`;
  return new ConnectionError(`${what} (the command was not written)`, { cause, mayHaveRun: false });
}
