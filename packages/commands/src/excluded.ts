/**
 * Commands of the Redis 7.2 specifications that are deliberately NOT client methods, each with
 * the reason. The coverage check (`pnpm commands:coverage`) accepts a command when it has a
 * method or an entry here. Container commands (CLIENT, CONFIG, XINFO, ...) are covered by their
 * subcommands and need no entry.
 */
export const EXCLUDED_COMMANDS: Readonly<Record<string, string>> = Object.freeze({
  SELECT: 'Not implemented on purpose (seed): a client and its pool serve one database, chosen with the `db` option.',
  SUBSCRIBE: 'The PubSub class (r.pubsub()) owns subscriptions: a subscribed connection cannot run other commands.',
  UNSUBSCRIBE: 'The PubSub class (r.pubsub()) owns subscriptions.',
  PSUBSCRIBE: 'The PubSub class (r.pubsub()) owns subscriptions.',
  PUNSUBSCRIBE: 'The PubSub class (r.pubsub()) owns subscriptions.',
  SSUBSCRIBE: 'The PubSub class (r.pubsub()) owns subscriptions.',
  SUNSUBSCRIBE: 'The PubSub class (r.pubsub()) owns subscriptions.',
  MULTI: 'The Pipeline class sends MULTI/EXEC around its queue (r.pipeline()).',
  EXEC: 'The Pipeline class sends MULTI/EXEC around its queue (r.pipeline()).',
  DISCARD: 'The Pipeline class (reset() discards its transaction).',
  WATCH: 'The Pipeline class (pipeline.watch()), on a connection of its own.',
  UNWATCH: 'The Pipeline class (pipeline.unwatch()), on a connection of its own.',
  MONITOR: 'Its own class (r.monitor()): the connection streams every command and can do nothing else.',
  SYNC: 'Replication protocol between servers, not for clients.',
  PSYNC: 'Replication protocol between servers, not for clients.',
  REPLCONF: 'Replication protocol between servers, not for clients.',
  'RESTORE-ASKING': 'Internal: sent by MIGRATE between cluster nodes, not by clients.',
  PFDEBUG: 'Internal HyperLogLog debugging command (doc flag SYSCMD), not for applications; executeCommand reaches it.',
  PFSELFTEST: 'Internal HyperLogLog self-test (doc flag SYSCMD), not for applications; executeCommand reaches it.',
  AUTH: 'A connection option (`username`, `password`), sent in the handshake of every connection and reconnect.',
  HELLO: 'The connection handshake (`protocol`, `username`, `password`, `clientName` options) sends it.',
  QUIT: 'Deprecated since 7.2 (clients close the socket): r.quit() / r.close() end the connections without sending it.',
  RESET: "Would silently drop the pooled connection's handshake state (AUTH, db, name, tracking, protocol); reconnecting does it cleanly.",
  'CLIENT REPLY':
    'OFF and SKIP make the server send no reply, which breaks reply matching on a multiplexed connection (a later reply would settle the wrong command); use executeCommand on a connection of your own.',
  DEBUG:
    'Server testing tool (SEGFAULT, RELOAD, SLEEP, ... can crash or stall the server; disabled by default since 7.0). DEBUG OBJECT is the method debugObject; other subcommands through executeCommand.',
});

/** Whole groups that are not client methods, with the reason. */
export const EXCLUDED_GROUPS: Readonly<Record<string, string>> = Object.freeze({
  sentinel: 'The sentinel package (Sentinel) speaks to sentinels; a StrictRedis talks to data servers.',
});
