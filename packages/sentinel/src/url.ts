import { parseUrl } from '@aredis/pool';
import { DataError } from '@aredis/resp-parser';
import type { DataConnectionOptions, SentinelManagerOptions, SentinelNodeOptions, SentinelOwnOptions, SentinelPoolOwnOptions } from './options.js';
import type { Address } from './sentinel-nodes.js';

/** The sentinels' default port. */
export const SENTINEL_PORT = 26379;

/** What a `redis+sentinel://` URL says. */
export interface SentinelUrl {
  sentinels: Address[];
  /** The monitored master's name (the first path segment); undefined when the URL has none. */
  serviceName: string | undefined;
  /** Sentinel-specific options (`sentinelOptions` holds the sentinels' credentials and TLS). */
  own: SentinelOwnOptions;
  /** The data servers' connection options: credentials, db, TLS and the query's connection and pool options. */
  data: SentinelPoolOwnOptions & DataConnectionOptions;
}

type SentinelParam = (value: string, own: SentinelOwnOptions, node: SentinelNodeOptions) => void;

function flag(name: string, value: string): boolean {
  const v = value.toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes' || v === 'on') return true;
  if (v === '0' || v === 'false' || v === 'no' || v === 'off') return false;
  throw new DataError(`URL parameter '${name}' must be a boolean, got '${value}'`);
}

/** Query parameters about the sentinels, camelCase or redis-py style snake_case. The others are the data servers'. */
const SENTINEL_PARAMS: Readonly<Record<string, SentinelParam>> = {
  sentinelUsername: (v, _, node) => (node.username = v),
  sentinelPassword: (v, _, node) => (node.password = v),
  sentinelSsl: (v, _, node) => (node.ssl = flag('sentinelSsl', v)),
  minOtherSentinels: (v, own) => (own.minOtherSentinels = count('minOtherSentinels', v)),
  updateSentinels: (v, own) => (own.updateSentinels = flag('updateSentinels', v)),
  watchFailovers: (v, own) => (own.watchFailovers = flag('watchFailovers', v)),
};
const SNAKE_CASE: Readonly<Record<string, string>> = {
  sentinel_username: 'sentinelUsername',
  sentinel_password: 'sentinelPassword',
  sentinel_ssl: 'sentinelSsl',
  min_other_sentinels: 'minOtherSentinels',
  update_sentinels: 'updateSentinels',
  watch_failovers: 'watchFailovers',
};

function count(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new DataError(`URL parameter '${name}' must be a non-negative integer, got '${value}'`);
  return Number(value);
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new DataError(`url: the ${what} is not valid percent-encoding`);
  }
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`; the port defaults to 26379. */
function parseHost(text: string, index: number): Address {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = match?.[3] === undefined ? SENTINEL_PORT : Number(match[3]);
  if (match === null || host === undefined || port <= 0 || port > 65535) {
    throw new DataError(`url: sentinel ${index + 1} must be host or host:port, got '${decode(text, 'host')}'`);
  }
  return [decode(host, 'host'), port];
}

/**
 * Reads `redis+sentinel://[[user]:password@]host[:port][,host[:port]...][/serviceName[/db]][?query]`
 * (`rediss+sentinel://`: TLS to the data servers and to the sentinels), the form used by
 * redis-sentinel-url, LangChain and RedisVL. The user and password are the data servers'; the
 * sentinels' are `sentinelUsername` / `sentinelPassword` in the query, beside `sentinelSsl`,
 * `minOtherSentinels`, `updateSentinels`, `watchFailovers` (or their snake_case names). Every
 * other query parameter is a data connection option, as in `redis://` URLs. Errors never
 * repeat the URL (it may hold a password).
 */
export function parseSentinelUrl(url: string): SentinelUrl {
  const scheme = /^(rediss?)\+sentinel:\/\//i.exec(url);
  if (scheme === null) throw new DataError("url: scheme must be redis+sentinel:// or rediss+sentinel://");
  const tls = (scheme[1] as string).toLowerCase() === 'rediss';
  const rest = url.slice(scheme[0].length);
  const queryAt = rest.indexOf('?');
  const beforeQuery = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const slash = beforeQuery.indexOf('/');
  const authority = slash === -1 ? beforeQuery : beforeQuery.slice(0, slash);
  const path = slash === -1 ? '' : beforeQuery.slice(slash + 1);
  const at = authority.lastIndexOf('@');
  const hosts = authority.slice(at + 1);
  if (hosts === '') throw new DataError('url: a redis+sentinel:// URL needs at least one sentinel host');
  const sentinels = hosts.split(',').map(parseHost);

  const own: SentinelOwnOptions = {};
  const node: SentinelNodeOptions = tls ? { ssl: true } : {};
  const dataQuery = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(queryAt === -1 ? '' : rest.slice(queryAt + 1))) {
    const param = SENTINEL_PARAMS[SNAKE_CASE[name] ?? name];
    if (param !== undefined) param(value, own, node);
    else dataQuery.append(name, value);
  }
  const [service = '', db, ...extra] = path === '' ? [] : path.split('/');
  if (extra.length > 0) throw new DataError('url: the path must be /serviceName or /serviceName/db');
  const { connectionClass: _class, host: _host, port: _port, path: _path, ...data } = parseUrl(`redis://sentinel/${db ?? ''}?${dataQuery.toString()}`);
  const dataOptions: SentinelPoolOwnOptions & DataConnectionOptions = { ...data, ...(tls && { ssl: true }) };
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
    if (user !== '') dataOptions.username = decode(user, 'user name');
    if (colon !== -1) dataOptions.password = decode(userinfo.slice(colon + 1), 'password');
  }
  if (Object.keys(node).length > 0) own.sentinelOptions = node;
  return { sentinels, serviceName: service === '' ? undefined : decode(service, 'service name'), own, data: dataOptions };
}

/** `new Sentinel` options from a parsed URL and the caller's options, which win (`sentinelOptions` merged key by key). */
export function urlOptions(parsed: SentinelUrl, options: SentinelManagerOptions): SentinelManagerOptions {
  const merged: SentinelManagerOptions = { ...parsed.own, ...parsed.data, ...options };
  if (parsed.own.sentinelOptions !== undefined || options.sentinelOptions !== undefined) {
    merged.sentinelOptions = { ...parsed.own.sentinelOptions, ...options.sentinelOptions };
  }
  return merged;
}
