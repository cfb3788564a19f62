import type { ResponseError } from './errors.js';

/** A RESP3 verbatim string (`=`): its three-letter format (`txt`, `mkd`) and its text. */
export class VerbatimString {
  constructor(
    readonly format: string,
    readonly value: string | Buffer,
  ) {}
  toString(): string {
    return typeof this.value === 'string' ? this.value : this.value.toString();
  }
}

/**
 * Every value a parser can hand out, losslessly:
 * simple string → string; bulk string → Buffer (returnBuffers) or string (decoded with
 * `encoding`); integer → number, or bigint beyond ±(2^53-1); double → number; big number →
 * bigint; boolean → boolean; null bulk / null array / RESP3 null → null; array and push →
 * array; map → Map; set → Set; verbatim → VerbatimString; an error inside an aggregate →
 * the ResponseError object in place.
 */
export type RespValue =
  | string
  | Buffer
  | number
  | bigint
  | boolean
  | null
  | VerbatimString
  | ResponseError
  | RespValue[]
  | Map<RespValue, RespValue>
  | Set<RespValue>;

export interface ParserOptions {
  /** Each complete top-level reply, in order. */
  onReply(reply: RespValue): void;
  /** Each top-level error reply (`-` or `!`), as a ResponseError subclass from errorFromReply. */
  onError(error: ResponseError): void;
  /** Each RESP3 push frame (`>`), also between and before replies. Without it, pushes go to onReply. */
  onPush?(push: RespValue[]): void;
  /** A RESP3 attribute (`|`), handed over just before the reply it belongs to. Dropped when absent. */
  onAttribute?(attribute: Map<RespValue, RespValue>): void;
  /**
   * Bulk strings as Buffers (never overwritten later by the parser). Default false. The
   * starting value of the writable `Parser.returnBuffers`; push frames always use this one.
   */
  returnBuffers?: boolean;
  /** Encoding used to decode bulk strings when returnBuffers is false. Default 'utf8'. */
  encoding?: BufferEncoding;
  /** Largest bulk string accepted, like the server's proto-max-bulk-len. Default 512 MiB. */
  maxBulkLength?: number;
  /** Deepest nesting of aggregates accepted. Default 1024. */
  maxDepth?: number;
  /**
   * Longest text line accepted, in bytes between the type byte and CR LF: simple strings,
   * errors, integers, doubles and big numbers (bulk bodies are not lines; length and count
   * lines are bounded by their own syntax). A longer line is a ProtocolError as soon as its
   * bytes pass the limit, so a server that never sends CR LF costs at most this much memory
   * plus one chunk. Default 64 KiB.
   */
  maxLineLength?: number;
}

/** What every parser implementation is: fed bytes, it calls back with replies. */
export interface Parser {
  /** Feed the next bytes from the socket. Throws ProtocolError on malformed input. */
  feed(chunk: Buffer): void;
  /** Forget any half-read reply (after a reconnect or a protocol error). */
  reset(): void;
  /**
   * Bulk strings of the following replies as Buffers (true) or decoded with `encoding`
   * (false). Writable at any time, callbacks included: it takes effect at the next top-level
   * reply (a reply already begun keeps the mode it began with), so a connection sets it from
   * the command at the head of its FIFO (DUMP's reply stays binary on a decoding connection).
   * Push frames (`>`) always use the mode given to the constructor. reset() keeps it.
   */
  returnBuffers: boolean;
  /**
   * Optional, for reading long replies without a copy. While a long bulk string is cut by the
   * end of a chunk: the part of the Buffer it will be handed out in (or decoded from) that is
   * still empty, for the socket to read into next; else null (read into a buffer of your own).
   * Write into it only for the very next call (bodyFilled), before anything else is fed.
   */
  bodyBuffer?(): Buffer | null;
  /**
   * With bodyBuffer: `bytes` were read into the start of `buffer`. The same as
   * feed(buffer.subarray(0, bytes)), with no copy when `buffer` is what bodyBuffer() returned
   * last and nothing was fed since (any other buffer is fed as a chunk).
   */
  bodyFilled?(buffer: Buffer, bytes: number): void;
}

export type ParserClass = new (options: ParserOptions) => Parser;

/** One argument of a command, as the encoder accepts it. */
export type CommandArg = string | Buffer | number | bigint;
