import type { Duplex } from 'node:stream';
import { AbstractConnection } from './connection-base.js';
import type { ConnectionOptions } from './options.js';
import { connectWithReader } from './socket-reader.js';
import { whenConnected } from './socket-ready.js';

export interface UnixDomainSocketConnectionOptions extends ConnectionOptions {
  /** The server's unix socket file (its `unixsocket` setting). */
  path: string;
}

/** A connection over a unix domain socket, for a server on the same machine. */
export class UnixDomainSocketConnection extends AbstractConnection {
  static override readonly optionNames: readonly string[] = [...AbstractConnection.optionNames, 'path'];
  declare readonly options: Readonly<UnixDomainSocketConnectionOptions>;
  readonly path: string;

  constructor(options: UnixDomainSocketConnectionOptions) {
    super(options);
    this.path = options.path;
  }

  get description(): string {
    return this.path;
  }

  protected override createSocket(signal: AbortSignal): Promise<Duplex> {
    return whenConnected(connectWithReader({ path: this.path }), 'connect', signal);
  }
}
