import { join } from 'node:path';
import { baseConfig, quoteToken, renderExtraConfig, renderUser, type AclUser, type ExtraConfig } from './config.js';
import { clientTls, testCertificates, type ClientTls } from './certificates.js';
import { OptionsError } from './errors.js';
import { makeTempDir, removeDir, startOnFreePorts } from './launch.js';
import { RedisProcess } from './redis-process.js';
import type { RawTarget } from './resp.js';

export interface TlsServerOptions {
  /** The server's `tls-auth-clients`: `optional` (default: a client certificate is checked when sent), `yes`, `no`. */
  authClients?: 'yes' | 'no' | 'optional';
}

export interface ServerOptions {
  /** Also listen on a unix socket in the server's directory (`socketPath`). */
  unixSocket?: boolean;
  /** `requirepass` for the default user. */
  requirepass?: string;
  /** ACL users (`user` directives). */
  users?: readonly AclUser[];
  /** Serve TLS only (`tls-port`, `port 0`) with certificates made on the fly. */
  tls?: boolean | TlsServerOptions;
  /** Extra config lines, or directive → value. */
  config?: ExtraConfig;
  /** Extra redis-server command-line arguments (after the config file). */
  args?: readonly string[];
  /** Milliseconds to wait for the server to be ready; default 10000. */
  startTimeout?: number;
}

export type { ClientTls } from './certificates.js';

export interface RedisServer {
  readonly host: string;
  /** The TCP port (the TLS port when `tls`). */
  readonly port: number;
  /** `redis://` (or `rediss://`) URL, with the password when `requirepass` was given. */
  readonly url: string;
  readonly socketPath: string | undefined;
  readonly password: string | undefined;
  readonly tls: ClientTls | undefined;
  /** The server's private temporary directory (removed by `stop()`). */
  readonly dir: string;
  /** The current process id, or undefined when stopped. */
  readonly pid: number | undefined;
  /** Arguments for `redis-cli` to reach this server (`-h -p`, TLS files, `-a`). */
  readonly cliArgs: readonly string[];
  /** Stops and starts the server on the same port(s), same config; the dataset starts empty. */
  restart(): Promise<void>;
  /** Kills the process with SIGKILL (a crash) without removing its directory; `restart()` brings it back. */
  kill(): Promise<void>;
  /** Stops the server and removes its directory. Idempotent. */
  stop(): Promise<void>;
  /** The last lines of the server's log. */
  logTail(lines?: number): string;
}

function checkOptions(options: ServerOptions): void {
  if (options.requirepass !== undefined && options.requirepass === '') throw new OptionsError('requirepass: must not be empty');
  for (const user of options.users ?? []) {
    if (typeof user.name !== 'string' || user.name === '') throw new OptionsError('users: every user needs a name');
  }
}

/**
 * Starts a real `redis-server` from PATH on a free port of 127.0.0.1 in its own temporary
 * directory, without persistence, and resolves once it answers PING.
 */
export async function startServer(options: ServerOptions = {}): Promise<RedisServer> {
  checkOptions(options);
  const dir = makeTempDir('redis');
  try {
    return await launch(dir, options);
  } catch (error) {
    removeDir(dir);
    throw error;
  }
}

async function launch(dir: string, options: ServerOptions): Promise<RedisServer> {
  const host = '127.0.0.1';
  const socketPath = options.unixSocket === true ? join(dir, 'redis.sock') : undefined;
  if (socketPath !== undefined && Buffer.byteLength(socketPath) > 100) {
    throw new OptionsError(`unixSocket: the path ${socketPath} is too long for a unix socket; set TMPDIR to a shorter directory`);
  }
  const certificates = options.tls !== undefined && options.tls !== false ? await testCertificates() : undefined;
  const authClients = typeof options.tls === 'object' ? options.tls.authClients ?? 'optional' : 'optional';
  const tls: ClientTls | undefined = certificates && clientTls(certificates);
  const proc = new RedisProcess({ dir, args: options.args, startTimeout: options.startTimeout });

  const render = ([port = 0]: number[]): { config: string; probe: RawTarget } => {
    const lines = baseConfig(dir);
    if (certificates !== undefined) {
      lines.push('port 0', `tls-port ${port}`, `tls-cert-file ${quoteToken(certificates.server.certPath)}`,
        `tls-key-file ${quoteToken(certificates.server.keyPath)}`, `tls-ca-cert-file ${quoteToken(certificates.caPath)}`,
        `tls-auth-clients ${authClients}`);
    } else {
      lines.push(`port ${port}`);
    }
    if (socketPath !== undefined) lines.push(`unixsocket ${quoteToken(socketPath)}`, 'unixsocketperm 700');
    if (options.requirepass !== undefined) lines.push(`requirepass ${quoteToken(options.requirepass)}`);
    for (const user of options.users ?? []) lines.push(renderUser(user));
    lines.push(...renderExtraConfig(options.config));
    const probe: RawTarget = tls !== undefined ? { host, port, tls } : { host, port };
    return { config: `${lines.join('\n')}\n`, probe };
  };

  const [port = 0] = await startOnFreePorts(proc, 1, render);
  const { probe } = render([port]);
  const password = options.requirepass;
  const auth = password !== undefined ? `:${encodeURIComponent(password)}@` : '';
  const url = `${tls !== undefined ? 'rediss' : 'redis'}://${auth}${host}:${port}`;
  const cliArgs = ['-h', host, '-p', String(port)];
  if (tls !== undefined) cliArgs.push('--tls', '--cacert', tls.caPath, '--cert', tls.certPath, '--key', tls.keyPath);
  if (password !== undefined) cliArgs.push('-a', password, '--no-auth-warning');

  let stopped: Promise<void> | undefined;
  return {
    host,
    port,
    url,
    socketPath,
    password,
    tls,
    dir,
    cliArgs,
    get pid() {
      return proc.running ? proc.pid : undefined;
    },
    async restart() {
      if (stopped !== undefined) throw new OptionsError('restart: the server was stopped');
      await proc.stop();
      await proc.start(undefined, probe);
    },
    async kill() {
      await proc.stop('SIGKILL');
    },
    stop() {
      stopped ??= proc.stop().finally(() => removeDir(dir));
      return stopped;
    },
    logTail: (lines?: number) => proc.logTail(lines),
  };
}
