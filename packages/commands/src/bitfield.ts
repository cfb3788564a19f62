import { DataError, type CommandArg } from '@aredis/resp-parser';
import type { KeyArg } from './define.js';

/**
 * The BITFIELD builder (redis-py's BitFieldOperation): `r.bitfield('k').set('u8', 0, 255)
 * .incrby('i5', '#1', 3, 'SAT').get('u4', 0).execute()`. Sub-operations are checked as they are
 * added (a bad one throws DataError at once); `execute()` sends them as one BITFIELD command,
 * empties the builder, and gives what the method it came from gives (a promise of the replies
 * on a client, the pipeline itself on a pipeline).
 */

export type BitFieldOverflow = 'WRAP' | 'SAT' | 'FAIL' | 'wrap' | 'sat' | 'fail';
/** A bit offset, or `'#n'`: the n-th field of the type's width. */
export type BitFieldOffset = number | `#${number}`;
/** What `execute()` sends: the key and the sub-operation words. */
export type BitFieldSend<R> = (key: KeyArg, operations: CommandArg[]) => R;

const ENCODING = /^(i([1-9]|[1-5]\d|6[0-4])|u([1-9]|[1-5]\d|6[0-3]))$/;
const OFFSET = /^#?\d+$/;

export class BitFieldOperation<R> {
  readonly #send: BitFieldSend<R>;
  readonly #key: KeyArg;
  readonly #defaultOverflow: string | undefined;
  #operations: CommandArg[] = [];
  #lastOverflow = 'WRAP';

  constructor(send: BitFieldSend<R>, key: KeyArg, defaultOverflow?: BitFieldOverflow) {
    this.#send = send;
    this.#key = key;
    this.#defaultOverflow = defaultOverflow === undefined ? undefined : overflowWord(defaultOverflow);
    this.reset();
  }

  /** Forgets the queued sub-operations (keeps the default overflow). */
  reset(): this {
    this.#operations = [];
    this.#lastOverflow = 'WRAP';
    return this.overflow((this.#defaultOverflow ?? 'WRAP') as BitFieldOverflow);
  }

  /** OVERFLOW for the INCRBY/SET operations that follow; sent only when it changes. */
  overflow(overflow: BitFieldOverflow): this {
    const word = overflowWord(overflow);
    if (word !== this.#lastOverflow) {
      this.#lastOverflow = word;
      this.#operations.push('OVERFLOW', word);
    }
    return this;
  }

  /** INCRBY `encoding` `offset` `increment`, with an optional OVERFLOW before it. */
  incrby(encoding: string, offset: BitFieldOffset, increment: number | bigint, overflow?: BitFieldOverflow): this {
    const fields = field('incrby', encoding, offset);
    const by = integerArg('increment', increment);
    if (overflow !== undefined) this.overflow(overflow);
    this.#operations.push('INCRBY', ...fields, by);
    return this;
  }

  /** GET `encoding` `offset`. */
  get(encoding: string, offset: BitFieldOffset): this {
    this.#operations.push('GET', ...field('get', encoding, offset));
    return this;
  }

  /** SET `encoding` `offset` `value`: the reply is the old value. */
  set(encoding: string, offset: BitFieldOffset, value: number | bigint): this {
    const fields = field('set', encoding, offset);
    this.#operations.push('SET', ...fields, integerArg('value', value));
    return this;
  }

  /** The whole command as it would be sent. */
  get command(): CommandArg[] {
    return ['BITFIELD', this.#key, ...this.#operations];
  }

  /** Sends the queued sub-operations and empties the builder. */
  execute(): R {
    const operations = this.#operations;
    this.reset();
    return this.#send(this.#key, operations);
  }
}

function overflowWord(overflow: unknown): string {
  const word = typeof overflow === 'string' ? overflow.toUpperCase() : '';
  if (word !== 'WRAP' && word !== 'SAT' && word !== 'FAIL') {
    throw new DataError(`BITFIELD: argument 'overflow' must be WRAP, SAT or FAIL, got ${String(overflow)}`);
  }
  return word;
}

function field(operation: string, encoding: unknown, offset: unknown): [string, CommandArg] {
  if (typeof encoding !== 'string' || !ENCODING.test(encoding)) {
    throw new DataError(`BITFIELD ${operation}: argument 'encoding' must be i1..i64 or u1..u63, got ${String(encoding)}`);
  }
  const offsetOk =
    (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) ||
    (typeof offset === 'string' && OFFSET.test(offset));
  if (!offsetOk) {
    throw new DataError(`BITFIELD ${operation}: argument 'offset' must be a non-negative integer or '#n', got ${String(offset)}`);
  }
  return [encoding, offset as CommandArg];
}

function integerArg(name: string, v: unknown): number | bigint {
  if ((typeof v === 'number' && Number.isSafeInteger(v)) || typeof v === 'bigint') return v;
  throw new DataError(`BITFIELD: argument '${name}' must be an integer, got ${typeof v}`);
}
