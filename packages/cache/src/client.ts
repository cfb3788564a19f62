/** A bulk reply: a Buffer, or a string from a client that decodes responses. */
export type CacheBulk = string | Buffer;

/**
 * The few commands a cache sends: any object with these methods will do (StrictRedis has
 * them all). Kept structural so that this package does not import the client.
 */
export interface CacheClient {
  get(name: string): Promise<CacheBulk | null>;
  /** SET with PX / NX: resolves truthy when set, null when NX prevented it. */
  set(name: string, value: CacheBulk, options?: { px?: number; nx?: boolean }): Promise<unknown>;
  delete(...names: string[]): Promise<number>;
  exists(...names: string[]): Promise<number>;
  pttl(name: string): Promise<number>;
  scanIter(options: { match?: string; count?: number }): AsyncIterable<CacheBulk>;
}
