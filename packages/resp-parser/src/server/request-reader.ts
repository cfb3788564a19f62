/**
 * RequestReader: the server's half of RESP. Fed the bytes a client sends, it hands over each
 * command as its arguments (Buffers): arrays of bulk strings (`*2\r\n$3\r\nGET\r\n$1\r\nk\r\n`,
 * what every client library sends) and inline commands (`PING\r\n`, what redis-cli in a pipe
 * or a telnet user types). Malformed input and anything past a limit is a ProtocolError (the
 * reader then refuses input until reset(), as the reply parser does).
 *
 * An argument that arrived inside one chunk is a subarray of that chunk (no copy): do not
 * modify a chunk after feeding it.
 */
import { ProtocolError } from '../errors.js';
import { checkOptions } from '../options.js';
import { splitInline } from './inline.js';

export interface RequestReaderOptions {
  /** Each complete command, in order: its arguments, the command name first. */
  onCommand(args: Buffer[]): void;
  /** Longest bulk string argument (Redis's proto-max-bulk-len). Default 512 MiB. */
  maxBulkLength?: number;
  /** Most arguments in one command. Default 1,048,576. */
  maxArgs?: number;
  /** Longest inline command or header line, in bytes (Redis's limit: 64 KiB). Default 64 KiB. */
  maxInlineLength?: number;
}

const KNOWN = ['onCommand', 'maxBulkLength', 'maxArgs', 'maxInlineLength'];
const CR = 13;
const LF = 10;

/** Digits only (no sign, no blank), or -1. */
function digits(line: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = line[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

export class RequestReader {
  readonly #onCommand: (args: Buffer[]) => void;
  readonly #maxBulkLength: number;
  readonly #maxArgs: number;
  readonly #maxInlineLength: number;
  /** A line cut by the end of a chunk: its pieces and their length. */
  #lineParts: Buffer[] = [];
  #lineLength = 0;
  /** The command being read from an array, and how many arguments are still owed. */
  #args: Buffer[] | null = null;
  #argsLeft = 0;
  /** The body being read (-1: none), its pieces and how many of its bytes (with CR LF) came. */
  #bulkLength = -1;
  #bodyParts: Buffer[] = [];
  #bodyHave = 0;
  /** Stream offset of the chunk being fed, for error messages. */
  #offset = 0;
  #generation = 0;
  #failed: ProtocolError | null = null;

  constructor(options: RequestReaderOptions) {
    checkOptions('RequestReader', options, KNOWN);
    this.#onCommand = options.onCommand;
    this.#maxBulkLength = options.maxBulkLength ?? 512 * 1024 * 1024;
    this.#maxArgs = options.maxArgs ?? 1024 * 1024;
    this.#maxInlineLength = options.maxInlineLength ?? 64 * 1024;
  }

  /** Feeds the next bytes read from a client. Throws ProtocolError on malformed input. */
  feed(chunk: Buffer): void {
    if (this.#failed !== null) throw this.#failed;
    const generation = this.#generation;
    try {
      let p = 0;
      while (p < chunk.length && generation === this.#generation) {
        if (this.#bulkLength >= 0) {
          p = this.#body(chunk, p);
          continue;
        }
        const lf = chunk.indexOf(LF, p);
        if (lf === -1) {
          this.#lineParts.push(chunk.subarray(p));
          this.#lineLength += chunk.length - p;
          // A CR at the end may be the line's own (its LF still to come): it does not count.
          const text = this.#lineLength - (chunk[chunk.length - 1] === CR ? 1 : 0);
          if (text > this.#maxInlineLength) throw this.#error('line longer than maxInlineLength', p);
          break;
        }
        let line = chunk.subarray(p, lf);
        if (this.#lineParts.length > 0) {
          line = Buffer.concat([...this.#lineParts, line]);
          this.#lineParts = [];
          this.#lineLength = 0;
        }
        if (line.length > this.#maxInlineLength + 1) throw this.#error('line longer than maxInlineLength', p);
        p = lf + 1;
        this.#line(line, p);
      }
      if (generation === this.#generation) this.#offset += chunk.length;
    } catch (err) {
      if (err instanceof ProtocolError && generation === this.#generation) this.#failed = err;
      throw err;
    }
  }

  /** Forgets a half-read command (after a ProtocolError, or to reuse the reader). */
  reset(): void {
    this.#generation++;
    this.#lineParts = [];
    this.#lineLength = 0;
    this.#args = null;
    this.#bulkLength = -1;
    this.#bodyParts = [];
    this.#offset = 0;
    this.#failed = null;
  }

  #error(message: string, at: number): ProtocolError {
    return new ProtocolError(`Protocol error: ${message}`, this.#offset + at);
  }

  /** One whole line (without its LF); `at` is where the next line starts in the chunk. */
  #line(line: Buffer, at: number): void {
    if (this.#args !== null) {
      if (line[0] !== 0x24) throw this.#error(`expected '$', got '${String.fromCharCode(line[0] ?? 32)}'`, at);
      if (line[line.length - 1] !== CR) throw this.#error('bulk length not ended by CR LF', at);
      const n = digits(line, 1, line.length - 1);
      if (n < 0 || n > this.#maxBulkLength) throw this.#error('invalid bulk length', at);
      this.#bulkLength = n;
      this.#bodyParts = [];
      this.#bodyHave = 0;
      return;
    }
    if (line[0] === 0x2a) {
      if (line[line.length - 1] !== CR) throw this.#error('multibulk length not ended by CR LF', at);
      if (line.length === 4 && line[1] === 0x2d && line[2] === 0x31) return; // *-1: nothing, as Redis
      const n = digits(line, 1, line.length - 1);
      if (n < 0 || n > this.#maxArgs) throw this.#error('invalid multibulk length', at);
      if (n === 0) return; // *0: nothing, as Redis
      this.#args = [];
      this.#argsLeft = n;
      return;
    }
    const text = line[line.length - 1] === CR ? line.subarray(0, line.length - 1) : line;
    const args = splitInline(text);
    if (args === null) throw this.#error('unbalanced quotes in request', at);
    if (args.length > this.#maxArgs) throw this.#error('too many arguments in inline request', at);
    if (args.length > 0) this.#onCommand(args); // an empty line is no command (Redis skips it)
  }

  /** Bytes of the bulk body being read, from chunk[p..]; returns where it stopped. */
  #body(chunk: Buffer, p: number): number {
    const n = this.#bulkLength;
    const take = Math.min(n + 2 - this.#bodyHave, chunk.length - p);
    // The two bytes after the body are judged as they arrive.
    for (let i = Math.max(p, p + n - this.#bodyHave); i < p + take; i++) {
      if (chunk[i] !== (this.#bodyHave + i - p === n ? CR : LF)) throw this.#error('bulk argument not followed by CR LF', i);
    }
    const end = p + take;
    this.#bodyHave += take;
    if (this.#bodyHave < n + 2) {
      this.#bodyParts.push(chunk.subarray(p, end));
      return end;
    }
    let arg: Buffer;
    if (this.#bodyParts.length === 0) arg = chunk.subarray(p, end - 2);
    else {
      this.#bodyParts.push(chunk.subarray(p, end));
      arg = Buffer.concat(this.#bodyParts, n + 2).subarray(0, n);
      this.#bodyParts = [];
    }
    this.#bulkLength = -1;
    const args = this.#args!;
    args.push(arg);
    if (--this.#argsLeft === 0) {
      this.#args = null;
      this.#onCommand(args);
    }
    return end;
  }
}
