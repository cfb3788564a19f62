import { DataError } from '@aredis/resp-parser';
import { maskUrls, unknownOption } from '@aredis/resp-parser/internal';
import {
  Connection,
  TlsConnection,
  UnixDomainSocketConnection,
  type ConnectionOptions,
} from '@aredis/connection';
import type { ConnectionClass } from './options.js';


/** What `parseUrl` finds in a URL: connection options plus the class that fits the scheme. */
export interface UrlOptions extends ConnectionOptions {
  connectionClass: ConnectionClass;
  host?: string;
  port?: number;
  path?: string;
  maxConnections?: number;
  /** redis-py's `retry_on_timeout`: a client option (StrictRedis.fromUrl takes it; a pool refuses it). */
  retryOnTimeout?: boolean;
}

type QueryParam = (value: string, out: UrlOptions) => void;

type DurationOption = 'socketConnectTimeout' | 'socketTimeout' | 'silenceTimeout' | 'healthCheckInterval' | 'commandTimeout';
const inSeconds =
  (key: DurationOption): QueryParam =>
  (value, out) => {
    out[key] = positive(value, key);
  };

/**
 * Query parameters understood in a URL, by their camelCase names; redis-py's snake_case
 * names (`socket_timeout`, `max_connections`) are the same parameters. Durations are seconds
 * under either name, as in redis-py.
 */
const QUERY: Readonly<Record<string, QueryParam>> = withSnakeCase({
  db: (v, out) => (out.db = integerParam(v, 'db')),
  socketConnectTimeout: inSeconds('socketConnectTimeout'),
  socketTimeout: inSeconds('socketTimeout'),
  silenceTimeout: inSeconds('silenceTimeout'),
  healthCheckInterval: inSeconds('healthCheckInterval'),
  commandTimeout: inSeconds('commandTimeout'),
  socketKeepalive: (v, out) => (out.socketKeepalive = booleanParam(v, 'socketKeepalive')),
  clientName: (v, out) => (out.clientName = v),
  protocol: (v, out) => {
    if (v !== '2' && v !== '3') throw new DataError(`URL parameter 'protocol' must be 2 or 3, got '${v}'`);
    out.protocol = v === '2' ? 2 : 3;
  },
  maxConnections: (v, out) => (out.maxConnections = integerParam(v, 'maxConnections')),
  decodeResponses: (v, out) => (out.decodeResponses = booleanParam(v, 'decodeResponses')),
  retryOnTimeout: (v, out) => (out.retryOnTimeout = booleanParam(v, 'retryOnTimeout')),
  encoding: (v, out) => (out.encoding = v as BufferEncoding),
});

const QUERY_NAMES = Object.keys(QUERY);
/** Names this library took before it followed redis-py's. */
const RENAMED: Readonly<Record<string, string>> = { connectTimeout: 'socketConnectTimeout', connect_timeout: 'socket_connect_timeout' };

/** The table plus each camelCase name's snake_case twin (`socketTimeout` → `socket_timeout`). */
function withSnakeCase(table: Record<string, QueryParam>): Record<string, QueryParam> {
  const out: Record<string, QueryParam> = { ...table };
  for (const [name, param] of Object.entries(table)) out[name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = param;
  return out;
}

/**
 * Reads `redis://[[user]:password@]host[:port][/db][?db=N&…]`, `rediss://…` (TLS) and
 * `unix://[[user]:password@]/path/to/socket[?db=N&…]` into connection options. Unknown
 * schemes or query parameters throw DataError.
 */
export function parseUrl(url: string): UrlOptions {
  if (url.startsWith('unix://')) return parseUnixUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DataError(`url: not a valid URL: '${maskUrls(url)}'`);
  }
  const out: UrlOptions = { connectionClass: Connection };
  const scheme = parsed.protocol;
  if (parsed.username !== '') out.username = decodeURIComponent(parsed.username);
  if (parsed.password !== '') out.password = decodeURIComponent(parsed.password);
  if (scheme === 'redis:' || scheme === 'rediss:') {
    if (scheme === 'rediss:') out.connectionClass = TlsConnection;
    if (parsed.hostname !== '') out.host = decodeURIComponent(parsed.hostname.replace(/^\[(.*)\]$/, '$1'));
    if (parsed.port !== '') out.port = Number(parsed.port);
    const db = parsed.pathname.replace(/^\//, '');
    if (db !== '') out.db = integerParam(db, 'db');
  } else {
    throw new DataError(`url: scheme must be redis://, rediss:// or unix://, got '${scheme}'`);
  }
  readQuery(parsed.searchParams, out);
  return out;
}

/**
 * `unix://[[user]:password@]/path/to/socket[?query]`: WHATWG URL refuses credentials without
 * a host, so this form is taken apart by hand.
 */
function parseUnixUrl(url: string): UrlOptions {
  const out: UrlOptions = { connectionClass: UnixDomainSocketConnection };
  const rest = url.slice('unix://'.length);
  const queryAt = rest.indexOf('?');
  const beforeQuery = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const at = beforeQuery.lastIndexOf('@');
  if (at !== -1) {
    const userinfo = beforeQuery.slice(0, at);
    const colon = userinfo.indexOf(':');
    const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
    if (user !== '') out.username = decodeURIComponent(user);
    if (colon !== -1) out.password = decodeURIComponent(userinfo.slice(colon + 1));
  }
  const path = decodeURIComponent(beforeQuery.slice(at + 1));
  if (path === '') throw new DataError(`url: a unix:// URL needs a socket path: '${maskUrls(url)}'`);
  out.path = path;
  if (queryAt !== -1) readQuery(new URLSearchParams(rest.slice(queryAt + 1)), out);
  return out;
}

function readQuery(params: URLSearchParams, out: UrlOptions): void {
  for (const [name, value] of params) {
    const param = QUERY[name];
    if (param === undefined) {
      const renamed = RENAMED[name];
      if (renamed !== undefined) throw new DataError(`url: query parameter '${name}' is now '${renamed}' (seconds)`);
      throw unknownOption('url', name, QUERY_NAMES);
    }
    param(value, out);
  }
}

function integerParam(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw new DataError(`URL parameter '${name}' must be a non-negative integer, got '${value}'`);
  return Number(value);
}

function positive(value: string, name: string): number {
  const n = Number(value);
  if (value === '' || !Number.isFinite(n) || n < 0) {
    throw new DataError(`URL parameter '${name}' must be a non-negative number, got '${value}'`);
  }
  return n;
}

function booleanParam(value: string, name: string): boolean {
  const v = value.toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes' || v === 'on') return true;
  if (v === '0' || v === 'false' || v === 'no' || v === 'off') return false;
  throw new DataError(`URL parameter '${name}' must be a boolean, got '${value}'`);
}
