/**
 * Every error aredis raises. Each class has a stable `code` (undici style) so callers can
 * branch on `err.code` without `instanceof` across package copies.
 */
export class RedisError extends Error {
  readonly code: string = 'AREDIS_ERR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Socket could not be opened, was closed, or the retry budget ran out. */
export class ConnectionError extends RedisError {
  override readonly code: string = 'AREDIS_ERR_CONNECTION';
  /**
   * Whether the command this error failed may have reached the server and run: `true` when
   * it was written before the connection was lost (the library never sends it again; only the
   * caller knows whether running it twice is safe), `false` when nothing of it was written
   * (safe to retry). `false` too for errors that are not about one command (connect()).
   */
  readonly mayHaveRun: boolean;
  constructor(message: string, options?: { cause?: unknown; mayHaveRun?: boolean }) {
    super(message, options);
    this.mayHaveRun = options?.mayHaveRun ?? false;
  }
}
/** A connect, command or pool wait took longer than allowed. */
export class TimeoutError extends RedisError {
  override readonly code: string = 'AREDIS_ERR_TIMEOUT';
}
/** Bad arguments, found before anything was sent. */
export class DataError extends RedisError {
  override readonly code: string = 'AREDIS_ERR_DATA';
}
/** Malformed bytes from the server (or a peer speaking something else). */
export class ProtocolError extends RedisError {
  override readonly code: string = 'AREDIS_ERR_PROTOCOL';
  /** Byte offset in the stream where the problem was found, when known. */
  readonly offset: number | undefined;
  constructor(message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at offset ${offset})`);
    this.offset = offset;
  }
}
export class PubSubError extends RedisError {
  override readonly code: string = 'AREDIS_ERR_PUBSUB';
}
export class LockError extends RedisError {
  override readonly code: string = 'AREDIS_ERR_LOCK';
}

/**
 * An error reply from the server (`-ERR ...`, `!` bulk errors). `message` is the server's
 * words unchanged; `prefix` is its first word (`ERR`, `WRONGTYPE`, `NOSCRIPT`, ...).
 */
export class ResponseError extends RedisError {
  override readonly code: string = 'AREDIS_ERR_RESPONSE';
  readonly prefix: string;
  constructor(message: string) {
    super(message);
    const space = message.indexOf(' ');
    this.prefix = space === -1 ? message : message.slice(0, space);
  }
}
export class AuthenticationError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_AUTHENTICATION';
}
export class NoScriptError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_NOSCRIPT';
}
export class ReadOnlyError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_READONLY';
}
export class ExecAbortError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_EXECABORT';
  /** The errors of the queued commands that made EXEC abort, when known. */
  errors: ResponseError[] = [];
}
export class BusyLoadingError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_BUSY_LOADING';
}
export class TryAgainError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_TRYAGAIN';
}
export class ClusterDownError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_CLUSTERDOWN';
}
export class CrossSlotError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_CROSSSLOT';
}
/** `MOVED <slot> <host>:<port>`: the slot lives elsewhere now. */
export class MovedError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_MOVED';
  readonly slot: number;
  readonly host: string;
  readonly port: number;
  constructor(message: string) {
    super(message);
    const [, slot = '', address = ''] = message.split(' ');
    const colon = address.lastIndexOf(':');
    this.slot = Number(slot);
    this.host = address.slice(0, colon);
    this.port = Number(address.slice(colon + 1));
  }
}
/** `ASK <slot> <host>:<port>`: ask that node once, after ASKING. */
export class AskError extends MovedError {
  override readonly code: string = 'AREDIS_ERR_ASK';
}
/** The transaction's watched keys changed; EXEC did nothing. Raised by the pipeline. */
export class WatchError extends RedisError {
  override readonly code: string = 'AREDIS_ERR_WATCH';
}

type ResponseErrorClass = new (message: string) => ResponseError;

/** Server error prefixes and the class each becomes: the one table. */
export const ERROR_PREFIXES: Readonly<Record<string, ResponseErrorClass>> = {
  NOSCRIPT: NoScriptError,
  READONLY: ReadOnlyError,
  EXECABORT: ExecAbortError,
  LOADING: BusyLoadingError,
  MOVED: MovedError,
  ASK: AskError,
  TRYAGAIN: TryAgainError,
  CLUSTERDOWN: ClusterDownError,
  CROSSSLOT: CrossSlotError,
  NOAUTH: AuthenticationError,
  WRONGPASS: AuthenticationError,
};

/** Builds the right error object for a server error message (without its leading `-`). */
export function errorFromReply(message: string): ResponseError {
  const space = message.indexOf(' ');
  const prefix = space === -1 ? message : message.slice(0, space);
  const Class = ERROR_PREFIXES[prefix] ?? ResponseError;
  return new Class(message);
}
