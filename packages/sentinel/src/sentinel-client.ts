import { StrictRedis } from '@aredis/client';
import { DataError } from '@aredis/resp-parser';
import { KNOWN, checkSentinelOptions, type SentinelManagerOptions, type UrlClientOptions } from './options.js';
import type { Sentinel } from './sentinel.js';

/** A StrictRedis on a pool made for it: `close()` closes that pool (and the Sentinel it owns, from a URL). */
export class SentinelClient<D extends boolean> extends StrictRedis<D> {
  owner: Sentinel | undefined;

  override async close(): Promise<void> {
    await this.connectionPool.disconnect();
    await this.owner?.close();
  }
}

/** `masterFromUrl` / `replicaFromUrl`'s options, checked; what `Sentinel.fromUrl` takes of them. */
export function checkUrlClientOptions(method: string, options: UrlClientOptions<boolean>): SentinelManagerOptions {
  checkSentinelOptions(method, options, KNOWN.urlClient);
  const { checkConnection: _checkConnection, ...rest } = options;
  return rest as SentinelManagerOptions;
}

/** The client of `sentinel`'s URL service that owns `sentinel` (closing it closes the Sentinel). */
export function clientFromUrl<D extends boolean>(sentinel: Sentinel, method: string, options: UrlClientOptions<D>, isMaster: boolean): StrictRedis<D> {
  const name = sentinel.serviceName;
  if (name === undefined) throw new DataError(`${method}: the URL names no service (redis+sentinel://host:port/serviceName)`);
  const clientOptions = options.checkConnection === undefined ? {} : { checkConnection: options.checkConnection };
  const client = (isMaster ? sentinel.masterFor<D>(name, clientOptions) : sentinel.slaveFor<D>(name, clientOptions)) as SentinelClient<D>;
  client.owner = sentinel;
  return client;
}
