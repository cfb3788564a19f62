import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions as NodeTlsOptions, type TLSSocket } from 'node:tls';
import { whenConnected } from './socket-ready.js';
import { Connection, applySocketOptions, type TcpConnectionOptions } from './tcp.js';

export interface TlsConnectionOptions extends TcpConnectionOptions {
  /** Certificate authorities to trust instead of the system's. */
  ca?: NodeTlsOptions['ca'];
  /** Client certificate and key, for servers that ask for one. */
  cert?: NodeTlsOptions['cert'];
  key?: NodeTlsOptions['key'];
  /** Name the certificate must carry (SNI). Default: `host` unless it is an IP address. */
  servername?: string;
  /** Verify the server's certificate. Default true. */
  rejectUnauthorized?: boolean;
  /** Any other `tls.connect` option. */
  tls?: NodeTlsOptions;
}

/** A TLS connection (`rediss://`). Certificates are verified unless told otherwise. */
export class TlsConnection extends Connection {
  static override readonly optionNames: readonly string[] = [
    ...Connection.optionNames,
    'ca',
    'cert',
    'key',
    'servername',
    'rejectUnauthorized',
    'tls',
  ];
  declare readonly options: Readonly<TlsConnectionOptions>;

  constructor(options: TlsConnectionOptions = {}) {
    super(options);
  }

  override get description(): string {
    return `tls://${this.host}:${this.port}`;
  }

  protected override createSocket(signal: AbortSignal): Promise<Duplex> {
    return openTlsSocket(this.host, this.port, this.options, signal);
  }
}

/**
 * A TLS socket to `host:port` as `TlsConnection` makes it (certificates verified unless told
 * otherwise), resolved once the handshake is done.
 */
export function openTlsSocket(host: string, port: number, o: Readonly<TlsConnectionOptions>, signal: AbortSignal): Promise<TLSSocket> {
  const servername = o.servername ?? (isIP(host) === 0 ? host : undefined);
  const socket = tlsConnect({
    ...o.tls,
    host,
    port,
    ...(o.ca !== undefined && { ca: o.ca }),
    ...(o.cert !== undefined && { cert: o.cert }),
    ...(o.key !== undefined && { key: o.key }),
    ...(servername !== undefined && { servername }),
    rejectUnauthorized: o.rejectUnauthorized ?? true,
  });
  applySocketOptions(socket, o);
  return whenConnected(socket, 'secureConnect', signal);
}
