import type { CommandArg, ParserClass, RespValue } from '@aredis/resp-parser';
import type { CredentialProvider } from './credentials.js';
import type { Retry, RetryOptions } from './retry.js';

/**
 * Options of every connection class. An unknown key is a DataError naming it (and the nearest
 * known one); a subclass that takes more options lists their names in its static `optionNames`.
 */
export interface ConnectionOptions {
  /** Database chosen with SELECT after connecting (and after every reconnect). Default 0. */
  db?: number;
  /** ACL user name (Redis 6+). Without it, AUTH uses the password alone. */
  username?: string;
  password?: string;
  /**
   * redis-py's credential provider, asked for `[password]` or `[username, password]` on every
   * connect (a promise allowed), for rotating tokens. Not with `username` / `password`.
   */
  credentialProvider?: CredentialProvider;
  /** Sent as CLIENT SETNAME (or in HELLO) after connecting. */
  clientName?: string;
  /** Longest wait for the socket and the handshake, in seconds (redis-py's name). Default 10. */
  socketConnectTimeout?: number;
  /**
   * Longest silence from the server while a reply is awaited, in seconds (the seed's stream
   * timeout). The connection is then dropped and its waiting commands fail. Default none.
   */
  socketTimeout?: number;
  /**
   * Longest silence from the server, in seconds, while a command that does not block waits
   * for its reply: the server is then taken for dead, the connection is dropped (its written
   * commands fail with ConnectionError, `mayHaveRun: true`) and reconnects. A blocking command
   * at the head of the replies (BLPOP, XREAD BLOCK, WAIT, ...; also SAVE, FLUSHALL, DEBUG)
   * may wait as long as it likes. Checked 8 times per period. Default 30; 0: never.
   */
  silenceTimeout?: number;
  /** TCP keep-alive: `true`, or the initial delay in seconds. Default true. */
  socketKeepalive?: boolean | number;
  /** Disable Nagle's algorithm. Default true. */
  noDelay?: boolean;
  /** 3 (default): HELLO 3, falling back to 2 when the server refuses HELLO. 2: RESP2 only. */
  protocol?: 2 | 3;
  /** Parser implementation. Default `defaultParserClass()`. */
  parserClass?: ParserClass;
  /** Encoding of decoded replies. Default 'utf8'. */
  encoding?: BufferEncoding;
  /** Bulk strings as `string` (decoded with `encoding`) instead of Buffer. Default false. */
  decodeResponses?: boolean;
  /** Reconnect policy: a `Retry`, options for the default exponential one, or false. */
  retry?: Retry | RetryOptions | false;
  /** Queue commands issued while (re)connecting. false: fail them at once. Default true. */
  offlineQueue?: boolean;
  /** Most commands the offline queue holds; more fail with ConnectionError. Default 10000. */
  maxOfflineQueue?: number;
  /** Default per-command timeout in seconds (also after the command was written). Default none. */
  commandTimeout?: number;
  /** PING before using a connection that heard nothing from the server for this long (seconds). Default off. */
  healthCheckInterval?: number;
  /** RESP3 push frames, and replies that arrive when no command waits (RESP2 PubSub, MONITOR). */
  onPush?: PushHandler;
}

export type PushHandler = (frame: RespValue) => void;

/** Per-command options. */
export interface SendOptions {
  /** Give up after this many seconds (fractions allowed), even after the command was written. 0: never. */
  timeout?: number | undefined;
  /** Give up when this signal aborts, even after the command was written. */
  signal?: AbortSignal | undefined;
  /**
   * This reply's bulk strings as Buffers (true) or decoded (false), whatever the connection's
   * `decodeResponses` says: DUMP's reply stays binary on a decoding connection. The parser
   * switches only for the replies that differ from the connection's mode.
   */
  returnBuffers?: boolean | undefined;
}

/** Shapes a reply before it settles the command's promise (a response callback). */
export type ReplyTransform = (reply: RespValue, options: Readonly<Record<string, unknown>>) => unknown;

/** A command: the command word(s) first, as the encoder takes them. */
export type Command = readonly CommandArg[];
