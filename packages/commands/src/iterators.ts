/**
 * The scan iterators of redis-py and the seed (`scan_iter`, `sscan_iter`, `hscan_iter`,
 * `zscan_iter`) as async generators over any object with the matching SCAN-family method: the
 * client, the cluster client (per node) or a test double. Each call fetches one page and
 * yields its items; the cursor goes back in as the server gave it, until it is 0.
 *
 *   for await (const key of scanIter(r, { match: 'user:*', count: 100 })) ...
 */

/** A SCAN-family cursor as the commands give it: a number, or a decimal string beyond 2^53. */
type Cursor = number | string;

export interface ScanIterOptions {
  /** Only names matching this glob-style pattern (MATCH). */
  match?: string | Buffer;
  /** Work per call hint (COUNT). */
  count?: number;
}

export interface KeyScanIterOptions extends ScanIterOptions {
  /** Only keys of this type (TYPE), such as `'hash'`. */
  type?: string;
}

export interface KeyScanner<K> {
  scan(cursor: Cursor, options: KeyScanIterOptions): Promise<readonly [Cursor, readonly K[]]>;
}
export interface SetScanner<M> {
  sscan(name: string | Buffer, cursor: Cursor, options: ScanIterOptions): Promise<readonly [Cursor, readonly M[]]>;
}
export interface HashScanner<V> {
  hscan(
    name: string | Buffer,
    cursor: Cursor,
    options: ScanIterOptions,
  ): Promise<readonly [Cursor, Readonly<Record<string, V>> | ReadonlyMap<string, V>]>;
}
export interface SortedSetScanner<M> {
  zscan(name: string | Buffer, cursor: Cursor, options: ScanIterOptions): Promise<readonly [Cursor, readonly (readonly [M, number])[]]>;
}

function done(cursor: Cursor): boolean {
  return cursor === 0 || cursor === '0';
}

/** Drops undefined options so that the page calls only carry what the caller set. */
function pageOptions<O extends object>(given: O | undefined): O {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(given ?? {})) if (v !== undefined) out[k] = v;
  return out as O;
}

/** Every key of the database (SCAN), optionally filtered by `match` and `type`. */
export async function* scanIter<K>(client: KeyScanner<K>, options?: KeyScanIterOptions): AsyncGenerator<K, void, undefined> {
  const o = pageOptions(options);
  let cursor: Cursor = 0;
  do {
    const [next, keys] = await client.scan(cursor, o);
    cursor = next;
    yield* keys;
  } while (!done(cursor));
}

/** Every member of the set `name` (SSCAN). */
export async function* sscanIter<M>(
  client: SetScanner<M>,
  name: string | Buffer,
  options?: ScanIterOptions,
): AsyncGenerator<M, void, undefined> {
  const o = pageOptions(options);
  let cursor: Cursor = 0;
  do {
    const [next, members] = await client.sscan(name, cursor, o);
    cursor = next;
    yield* members;
  } while (!done(cursor));
}

/** Every `[field, value]` of the hash `name` (HSCAN). */
export async function* hscanIter<V>(
  client: HashScanner<V>,
  name: string | Buffer,
  options?: ScanIterOptions,
): AsyncGenerator<[string, V], void, undefined> {
  const o = pageOptions(options);
  let cursor: Cursor = 0;
  do {
    const [next, fields] = await client.hscan(name, cursor, o);
    cursor = next;
    const pairs = fields instanceof Map ? fields.entries() : Object.entries(fields as Readonly<Record<string, V>>);
    for (const [field, value] of pairs) yield [field, value];
  } while (!done(cursor));
}

/** Every `[member, score]` of the sorted set `name` (ZSCAN). */
export async function* zscanIter<M>(
  client: SortedSetScanner<M>,
  name: string | Buffer,
  options?: ScanIterOptions,
): AsyncGenerator<[M, number], void, undefined> {
  const o = pageOptions(options);
  let cursor: Cursor = 0;
  do {
    const [next, pairs] = await client.zscan(name, cursor, o);
    cursor = next;
    for (const [member, score] of pairs) yield [member, score];
  } while (!done(cursor));
}
