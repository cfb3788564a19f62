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
/** The pool holds `maxConnections` connections and none is free (pool exhaustion, not a lost server). */
export class MaxConnectionsError extends ConnectionError {
  override readonly code: string = 'AREDIS_ERR_MAX_CONNECTIONS';
}
/**
 * The server took the connection but its user may not run what the handshake needs (HELLO,
 * AUTH, CLIENT SETNAME, SELECT: a NOPERM reply, kept as `cause`). Not retried.
 */
export class AuthorizationError extends ConnectionError {
  override readonly code: string = 'AREDIS_ERR_AUTHORIZATION';
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
 * words unchanged; `prefix` is its first word (`ERR`, `WRONGTYPE`, `NOSCRIPT`, ...);
 * `command` the name of the command that failed (`SET`; its arguments are left out, as they
 * may hold secrets), when a connection sent it.
 */
export class ResponseError extends RedisError {
  override readonly code: string = 'AREDIS_ERR_RESPONSE';
  readonly prefix: string;
  /** The failed command's name (`GET`, `CONFIG SET`; never its arguments); set by the connection. */
  command: string | undefined = undefined;
  constructor(message: string) {
    super(message);
    const space = message.indexOf(' ');
    this.prefix = space === -1 ? message : message.slice(0, space);
  }
}
export class AuthenticationError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_AUTHENTICATION';
}
/** `AUTH` with too many or too few arguments. */
export class AuthenticationWrongNumberOfArgsError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_AUTH_ARGS';
}
/** The server's external authentication (LDAP) failed. */
export class ExternalAuthProviderError extends AuthenticationError {
  override readonly code: string = 'AREDIS_ERR_EXTERNAL_AUTH';
}
/** `NOPERM`: the ACL user may not run this command, or touch this key or channel. */
export class NoPermissionError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_NOPERM';
}
/** `OOM`: `maxmemory` is reached and nothing may be evicted. */
export class OutOfMemoryError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_OOM';
}
/** MODULE LOAD / UNLOAD refused. */
export class ModuleError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_MODULE';
}
/** HIMPORT SET names a fieldset this connection never prepared. */
export class NoSuchFieldsetError extends ResponseError {
  override readonly code: string = 'AREDIS_ERR_NO_SUCH_FIELDSET';
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
/** `MASTERDOWN`: a replica lost its master and `replica-serve-stale-data` is off. */
export class MasterDownError extends ClusterDownError {
  override readonly code: string = 'AREDIS_ERR_MASTERDOWN';
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

/**
 * Server error prefixes and the class each becomes: the one table. A prefix whose errors
 * differ by their words (`ERR`) maps the words after the prefix to a class; other words
 * give a plain ResponseError.
 */
export const ERROR_PREFIXES: Readonly<Record<string, ResponseErrorClass | Readonly<Record<string, ResponseErrorClass>>>> = {
  ERR: {
    'invalid password': AuthenticationError,
    "wrong number of arguments for 'auth' command": AuthenticationWrongNumberOfArgsError,
    "wrong number of arguments for 'AUTH' command": AuthenticationWrongNumberOfArgsError,
    'AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?':
      AuthenticationError,
    'Client sent AUTH, but no password is set': AuthenticationError,
    'problem with LDAP service': ExternalAuthProviderError,
    'Error loading the extension. Please check the server logs.': ModuleError,
    'Error unloading module: no such module with that name': ModuleError,
    'Error unloading module: operation not possible.': ModuleError,
    "Error unloading module: the module exports one or more module-side data types, can't unload": ModuleError,
    'no such fieldset': NoSuchFieldsetError,
  },
  NOSCRIPT: NoScriptError,
  READONLY: ReadOnlyError,
  EXECABORT: ExecAbortError,
  LOADING: BusyLoadingError,
  MOVED: MovedError,
  ASK: AskError,
  TRYAGAIN: TryAgainError,
  CLUSTERDOWN: ClusterDownError,
  MASTERDOWN: MasterDownError,
  CROSSSLOT: CrossSlotError,
  NOAUTH: AuthenticationError,
  WRONGPASS: AuthenticationError,
  NOPERM: NoPermissionError,
  OOM: OutOfMemoryError,
};

/** Builds the right error object for a server error message (without its leading `-`). */
export function errorFromReply(message: string): ResponseError {
  const space = message.indexOf(' ');
  const prefix = space === -1 ? message : message.slice(0, space);
  const entry = Object.hasOwn(ERROR_PREFIXES, prefix) ? ERROR_PREFIXES[prefix] : undefined;
  if (entry === undefined || typeof entry === 'function') return new (entry ?? ResponseError)(message);
  const words = message.slice(space + 1);
  return new (Object.hasOwn(entry, words) ? (entry[words] as ResponseErrorClass) : ResponseError)(message);
}
