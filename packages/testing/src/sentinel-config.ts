import type { TestCertificates } from './certificates.js';
import { baseConfig, quoteToken, renderExtraConfig, renderUser, type ExtraConfig } from './config.js';
import { OptionsError } from './errors.js';

export const HOST = '127.0.0.1';

/** Credentials a set's data nodes or sentinels require: a password (`requirepass`), or an ACL user with it. */
export interface SentinelSetAuth {
  /** An ACL user (the default user is then switched off). Without it, `requirepass`. */
  username?: string;
  password: string;
}

/** The checked settings of one set, as the config renderers need them. */
export interface SetSettings {
  masterName: string;
  replicas: number;
  sentinels: number;
  quorum: number;
  downAfterMs: number;
  failoverTimeout: number;
  config: ExtraConfig | undefined;
  certificates: TestCertificates | undefined;
  dataAuth: SentinelSetAuth | undefined;
  sentinelAuth: SentinelSetAuth | undefined;
}

export function checkAuth(name: string, auth: SentinelSetAuth | undefined): SentinelSetAuth | undefined {
  if (auth === undefined) return undefined;
  if (typeof auth.password !== 'string' || auth.password === '') throw new OptionsError(`${name}.password: a non-empty string`);
  if (auth.username !== undefined && !/^[\w.-]+$/.test(auth.username)) throw new OptionsError(`${name}.username: letters, digits, '.', '-', '_' only`);
  return { ...auth };
}

/**
 * Listening lines: TLS only (`port 0`, `tls-port`) when certificates are given, with the
 * server's own outgoing links (replication; a sentinel's links to data nodes and to the other
 * sentinels) over TLS too, presenting the client certificate.
 */
function listenLines(port: number, certificates: TestCertificates | undefined): string[] {
  if (certificates === undefined) return [`port ${port}`];
  return [
    'port 0',
    `tls-port ${port}`,
    `tls-cert-file ${quoteToken(certificates.server.certPath)}`,
    `tls-key-file ${quoteToken(certificates.server.keyPath)}`,
    `tls-client-cert-file ${quoteToken(certificates.client.certPath)}`,
    `tls-client-key-file ${quoteToken(certificates.client.keyPath)}`,
    `tls-ca-cert-file ${quoteToken(certificates.caPath)}`,
    'tls-auth-clients optional',
    'tls-replication yes',
  ];
}

/** `requirepass`, or the ACL user with the default user off. */
function authLines(auth: SentinelSetAuth | undefined): string[] {
  if (auth === undefined) return [];
  if (auth.username === undefined) return [`requirepass ${quoteToken(auth.password)}`];
  return ['user default off', renderUser({ name: auth.username, password: auth.password })];
}

/** A data node's config: listens, replicates from `masterPort` (when given) with the set's credentials. */
export function dataNodeConfig(settings: SetSettings, dir: string, port: number, masterPort: number | undefined): string {
  const auth = settings.dataAuth;
  return [
    ...baseConfig(dir),
    ...listenLines(port, settings.certificates),
    'repl-ping-replica-period 1',
    ...authLines(auth),
    ...(auth === undefined ? [] : [`masterauth ${quoteToken(auth.password)}`]),
    ...(auth?.username === undefined ? [] : [`masteruser ${auth.username}`]),
    ...(masterPort === undefined ? [] : [`replicaof ${HOST} ${masterPort}`]),
    ...renderExtraConfig(settings.config),
    '',
  ].join('\n');
}

/** A sentinel's config: watches the master with the data nodes' credentials, and requires its own. */
export function sentinelConfig(settings: SetSettings, dir: string, port: number, masterPort: number): string {
  const { masterName: name, dataAuth, sentinelAuth } = settings;
  return [
    `bind ${HOST}`,
    'daemonize no',
    'logfile ""',
    `dir ${quoteToken(dir)}`,
    ...listenLines(port, settings.certificates),
    ...authLines(sentinelAuth),
    ...(sentinelAuth === undefined ? [] : [`sentinel sentinel-pass ${quoteToken(sentinelAuth.password)}`]),
    ...(sentinelAuth?.username === undefined ? [] : [`sentinel sentinel-user ${sentinelAuth.username}`]),
    `sentinel monitor ${name} ${HOST} ${masterPort} ${settings.quorum}`,
    `sentinel down-after-milliseconds ${name} ${settings.downAfterMs}`,
    `sentinel failover-timeout ${name} ${settings.failoverTimeout}`,
    `sentinel parallel-syncs ${name} ${Math.max(1, settings.replicas)}`,
    ...(dataAuth === undefined ? [] : [`sentinel auth-pass ${name} ${quoteToken(dataAuth.password)}`]),
    ...(dataAuth?.username === undefined ? [] : [`sentinel auth-user ${name} ${dataAuth.username}`]),
    '',
  ].join('\n');
}

/** The command that authenticates a raw connection with these credentials (none without). */
export function authCommand(auth: SentinelSetAuth | undefined): string[][] {
  if (auth === undefined) return [];
  return [auth.username === undefined ? ['AUTH', auth.password] : ['AUTH', auth.username, auth.password]];
}
