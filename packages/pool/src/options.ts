import type { AbstractConnection, TlsConnectionOptions } from '@aredis/connection';

/**
 * A connection class for a pool: `new C(options)` gives a connection, and `C.optionNames`
 * lists the option names its constructor takes (inherited from AbstractConnection; a class
 * that takes more extends the list).
 */
export type ConnectionClass = (new (options: never) => AbstractConnection) & { readonly optionNames: readonly string[] };

/** What any of the built-in classes takes: TCP and TLS options, and a unix socket `path`. */
export type BuiltinConnectionOptions = TlsConnectionOptions & {
  /** The unix socket (UnixDomainSocketConnection). */
  path?: string;
};

/**
 * The options object a connection class's constructor takes (`TcpConnectionOptions` for
 * `Connection`, your own for your class); the built-in classes' options for a class known
 * only as `ConnectionClass`.
 */
export type ConnectionOptionsOf<C> = C extends new (options: infer O) => AbstractConnection
  ? [O] extends [never]
    ? BuiltinConnectionOptions
    : NonNullable<O>
  : never;

/** The pool's own options; every other option goes to the connection class's constructor. */
export interface PoolOwnOptions<C extends ConnectionClass = ConnectionClass> {
  /** Default `Connection` (TCP). */
  connectionClass?: C;
  /** Most connections open at once, shared and dedicated together. Default 2^31. */
  maxConnections?: number;
  /** Multiplexed connections that ordinary commands share, round robin. Default 1. */
  sharedConnections?: number;
  /** Close a connection nobody used for this long (seconds). Default 0: never. */
  maxIdleTime?: number;
  /** How often idle connections are looked for (seconds). Default 1. */
  idleCheckInterval?: number;
}

/**
 * Pool options: exactly the pool's own plus what the connection class `C` takes (its
 * constructor's options type). `ConnectionPoolOptions` alone allows any built-in class's
 * options (the class may come from a URL); the pool checks them against the class given.
 */
export type ConnectionPoolOptions<C extends ConnectionClass = ConnectionClass> = PoolOwnOptions<C> & ConnectionOptionsOf<C>;
