import { DataError } from '@aredis/resp-parser';
import {
  Connection,
  TlsConnection,
  UnixDomainSocketConnection,
  type AbstractConnection,
  type ConnectionOptions,
} from '@aredis/connection';

/** A class whose instances are connections; `new C(options)`. */
export type ConnectionClass = new (options: never) => AbstractConnection;

/** What `parseUrl` finds in a URL: connection options plus the class that fits the scheme. */
export interface UrlOptions extends ConnectionOptions {
  connectionClass: ConnectionClass;
  host?: string;
  port?: number;
  path?: string;
  maxConnections?: number;
}

type QueryParam = (value: string, out: UrlOptions) => void;

const milliseconds =
  (key: 'connectTimeout' | 'socketTimeout' | 'healthCheckInterval' | 'commandTimeout', factor: number): QueryParam =>
  (value, out) => {
    out[key] = Math.round(positive(value, key) * factor);
  };

/**
 * Query parameters understood in a URL. camelCase timeouts are in milliseconds; redis-py's
 * snake_case names are accepted too, with its units (seconds).
 */
const QUERY: Readonly<Record<string, QueryParam>> = {
  db: (v, out) => (out.db = integerParam(v, 'db')),
  connectTimeout: milliseconds('connectTimeout', 1),
  socketTimeout: milliseconds('socketTimeout', 1),
  healthCheckInterval: milliseconds('healthCheckInterval', 1),
  commandTimeout: milliseconds('commandTimeout', 1),
  connect_timeout: milliseconds('connectTimeout', 1000),
  socket_connect_timeout: milliseconds('connectTimeout', 1000),
  socket_timeout: milliseconds('socketTimeout', 1000),
  health_check_interval: milliseconds('healthCheckInterval', 1000),
  socketKeepalive: (v, out) => (out.socketKeepalive = booleanParam(v, 'socketKeepalive')),
  socket_keepalive: (v, out) => (out.socketKeepalive = booleanParam(v, 'socket_keepalive')),
  clientName: (v, out) => (out.clientName = v),
  client_name: (v, out) => (out.clientName = v),
  protocol: (v, out) => {
    if (v !== '2' && v !== '3') throw new DataError(`URL parameter 'protocol' must be 2 or 3, got '${v}'`);
    out.protocol = v === '2' ? 2 : 3;
  },
  maxConnections: (v, out) => (out.maxConnections = integerParam(v, 'maxConnections')),
  max_connections: (v, out) => (out.maxConnections = integerParam(v, 'max_connections')),
  decodeResponses: (v, out) => (out.decodeResponses = booleanParam(v, 'decodeResponses')),
  decode_responses: (v, out) => (out.decodeResponses = booleanParam(v, 'decode_responses')),
  encoding: (v, out) => (out.encoding = v as BufferEncoding),
};

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
    throw new DataError(`url: not a valid URL: '${url}'`);
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
  if (path === '') throw new DataError(`url: a unix:// URL needs a socket path: '${url}'`);
  out.path = path;
  if (queryAt !== -1) readQuery(new URLSearchParams(rest.slice(queryAt + 1)), out);
  return out;
}

function readQuery(params: URLSearchParams, out: UrlOptions): void {
  for (const [name, value] of params) {
    const param = QUERY[name];
    if (param === undefined) throw new DataError(`url: unknown query parameter '${name}'`);
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
