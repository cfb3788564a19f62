import { OptionsError } from './errors.js';

/** A config value: written after the directive name; an array writes the directive once per item. */
export type ConfigValue = string | number | boolean | readonly (string | number)[];

/** Extra config: ready-made lines, or directive → value. */
export type ExtraConfig = readonly string[] | Readonly<Record<string, ConfigValue>>;

/** An ACL user written as a `user` directive. */
export interface AclUser {
  name: string;
  /** Omit for `nopass`. */
  password?: string;
  /** ACL rules; default `~* &* +@all` (everything). */
  rules?: string;
  /** Default true (`on`). */
  enabled?: boolean;
}

/** Quotes one config token when it contains anything beyond plain characters. */
export function quoteToken(token: string): string {
  if (token !== '' && /^[\w.\-/:@~*&+<>=!%^,#|?$]+$/.test(token)) return token;
  return `"${token.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

function renderValue(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'number' ? String(value) : value;
}

/** Renders extra config. Object string values are written verbatim (so `"900 1"` style lists work). */
export function renderExtraConfig(extra: ExtraConfig | undefined): string[] {
  if (extra === undefined) return [];
  if (Array.isArray(extra)) return [...(extra as readonly string[])];
  const lines: string[] = [];
  for (const [name, value] of Object.entries(extra as Record<string, ConfigValue>)) {
    if (!/^[a-z][a-z0-9-]*$/i.test(name)) throw new OptionsError(`config: bad directive name ${JSON.stringify(name)}`);
    const values = Array.isArray(value) ? value : [value as string | number | boolean];
    for (const item of values) {
      const text = renderValue(item as string | number | boolean);
      lines.push(`${name} ${text === '' ? '""' : text}`);
    }
  }
  return lines;
}

export function renderUser(user: AclUser): string {
  if (!/^[^\s"']+$/.test(user.name)) throw new OptionsError(`users: bad user name ${JSON.stringify(user.name)}`);
  const tokens = ['user', user.name, 'reset', user.enabled === false ? 'off' : 'on'];
  tokens.push(user.password === undefined ? 'nopass' : quoteToken(`>${user.password}`));
  const rules = user.rules ?? '~* &* +@all';
  return [...tokens, ...rules.split(/\s+/).filter((rule) => rule !== '').map(quoteToken)].join(' ');
}

/** The lines every test server starts with: loopback only, no persistence, logs to stdout. */
export function baseConfig(dir: string): string[] {
  return [
    'bind 127.0.0.1',
    'daemonize no',
    'save ""',
    'appendonly no',
    `dir ${quoteToken(dir)}`,
    'logfile ""',
    'loglevel notice',
    // Don't wait for replicas on SIGTERM: tests stop servers often and want it quick.
    'shutdown-timeout 0',
    // Replicas sync at once (the default waits 5 s for more replicas to join a diskless sync).
    'repl-diskless-sync-delay 0',
  ];
}
