import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { AbstractConnection } from './connection-base.js';
import type { ConnectionOptions } from './options.js';
import { connectWithReader } from './socket-reader.js';
import { whenConnected } from './socket-ready.js';

export interface TcpConnectionOptions extends ConnectionOptions {
  /** Default 'localhost'. */
  host?: string;
  /** Default 6379. */
  port?: number;
}

/** A TCP connection (the default connection class). */
export class Connection extends AbstractConnection {
  static override readonly optionNames: readonly string[] = [...AbstractConnection.optionNames, 'host', 'port'];
  declare readonly options: Readonly<TcpConnectionOptions>;
  readonly host: string;
  readonly port: number;

  constructor(options: TcpConnectionOptions = {}) {
    super(options);
    this.host = options.host ?? 'localhost';
    this.port = options.port ?? 6379;
  }

  get description(): string {
    return `${this.host}:${this.port}`;
  }

  protected override createSocket(signal: AbortSignal): Promise<Duplex> {
    return openTcpSocket(this.host, this.port, this.options, signal);
  }
}

/**
 * A TCP socket to `host:port` with the options' socket settings, resolved once connected
 * (the socket of `Connection`, for connection classes that find their address elsewhere). It
 * has a SocketReader as its `onread`: attached to a connection as it is, the connection reads
 * it that way; wrapped in another stream, it emits 'data' as usual.
 */
export function openTcpSocket(host: string, port: number, options: Readonly<ConnectionOptions>, signal: AbortSignal): Promise<Socket> {
  const socket = connectWithReader({ host, port });
  applySocketOptions(socket, options);
  return whenConnected(socket, 'connect', signal);
}

/** TCP_NODELAY and keep-alive as the options say (both on by default). */
export function applySocketOptions(socket: Socket, options: Readonly<ConnectionOptions>): void {
  socket.setNoDelay(options.noDelay ?? true);
  const keepalive = options.socketKeepalive ?? true;
  if (keepalive !== false) socket.setKeepAlive(true, typeof keepalive === 'number' ? keepalive * 1000 : 0);
}
