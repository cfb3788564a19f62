/**
 * Secrets are never printed: what every package uses to show an object, a URL or a command
 * without the passwords, TLS keys and credentials in it.
 */

/** What stands for a secret in printed and serialised objects. */
export const REDACTED = '[redacted]';

/**
 * Option names whose values are secrets, wherever they appear in an options object (TLS
 * options nest): passwords, a credential provider, TLS private keys and their passphrases.
 */
export const SECRET_OPTIONS: ReadonlySet<string> = new Set([
  'password',
  'sentinelPassword',
  'credentialProvider',
  'credentials',
  'passphrase',
  'key',
  'pfx',
  'privateKey',
]);

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` to print or serialise: plain objects and arrays are copied with every
 * secret option (`SECRET_OPTIONS`, at any depth) replaced by `[redacted]`; anything else (a
 * class instance, a function, a Buffer) is kept as it is (classes of this library print
 * themselves without secrets).
 */
export function redactSecrets<T>(value: T): T {
  return redact(value, new WeakMap()) as T;
}

function redact(value: unknown, seen: WeakMap<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(redact(item, seen));
    return out;
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [name, item] of Object.entries(value)) {
    out[name] = SECRET_OPTIONS.has(name) && item !== undefined && item !== null ? REDACTED : redact(item, seen);
  }
  return out;
}

/**
 * `text` with the user information of every URL in it masked (`redis://***@host:6379`):
 * for messages that quote a URL.
 */
export function maskUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s'"`]*@/gi, '$1***@');
}

/** Upper-cased word at `index`, or ''. */
function word(args: readonly unknown[], index: number): string {
  const arg = args[index];
  return typeof arg === 'string' || Buffer.isBuffer(arg) ? arg.toString().toUpperCase() : '';
}

/**
 * A command's arguments with the secrets it carries replaced by `[redacted]`, for messages
 * that quote a command: AUTH, HELLO ... AUTH, MIGRATE ... AUTH/AUTH2, CONFIG SET of a
 * password, ACL SETUSER passwords (`>...`, `#...`).
 */
export function redactCommand(args: readonly unknown[]): unknown[] {
  const out = [...args];
  const hide = (from: number, count: number): void => {
    for (let i = from; i < from + count && i < out.length; i++) out[i] = REDACTED;
  };
  const command = word(args, 0);
  if (command === 'AUTH') hide(1, args.length);
  else if (command === 'HELLO' || command === 'MIGRATE') {
    for (let i = 1; i < args.length; i++) {
      const token = word(args, i);
      if (token === 'AUTH') hide(i + (command === 'HELLO' ? 2 : 1), 1);
      else if (token === 'AUTH2') hide(i + 2, 1);
    }
  } else if (command === 'CONFIG' && word(args, 1) === 'SET') {
    for (let i = 2; i + 1 < args.length; i += 2) {
      const name = word(args, i);
      if (name === 'REQUIREPASS' || name === 'MASTERAUTH' || name === 'MASTERUSER' || name.includes('PASS')) hide(i + 1, 1);
    }
  } else if (command === 'ACL' && word(args, 1) === 'SETUSER') {
    for (let i = 3; i < args.length; i++) {
      const rule = String(args[i]);
      if (rule.startsWith('>') || rule.startsWith('<') || rule.startsWith('#') || rule.startsWith('!')) out[i] = REDACTED;
    }
  }
  return out;
}

/** The options util.inspect hands a custom inspector (the part this module reads). */
interface InspectOptions {
  depth?: number | null;
  stylize?: (text: string, style: string) => string;
}

/**
 * What a `[util.inspect.custom](depth, options, inspect)` of this library returns: `name`
 * and the fields of `view` (the object's `toJSON()`, already without secrets), nested as
 * util.inspect nests, `[name]` past the depth.
 */
export function inspectView(
  name: string,
  view: object,
  depth: number,
  options: InspectOptions,
  inspect: (value: unknown, options: object) => string,
): string {
  const styled = options.stylize?.(name, 'special') ?? name;
  if (depth < 0) return `[${styled}]`;
  const inner = inspect(view, { ...options, depth: options.depth === null || options.depth === undefined ? options.depth : options.depth - 1 });
  return `${styled} ${inner}`;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A copy of an options object that prints and serialises without its secrets
 * (`util.inspect`, `console.log`, `JSON.stringify`), through two hidden properties on it and
 * on each plain object nested in it (copied too); reading it, spreading it and `Object.keys`
 * see the values as they are. Class instances, Buffers and functions are kept, not copied.
 */
export function printRedacted<T extends object>(options: T): T {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) {
    copy[name] = typeof value === 'object' && value !== null && !Array.isArray(value) && isPlainObject(value) ? printRedacted(value) : value;
  }
  const hooks = {
    toJSON: { value: (): unknown => redactSecrets({ ...copy }), enumerable: false, configurable: true },
    [INSPECT]: {
      value: (_depth: number, inspectOptions: object, inspect: (value: unknown, options: object) => string): string =>
        inspect(redactSecrets({ ...copy }), inspectOptions),
      enumerable: false,
      configurable: true,
    },
  };
  Object.defineProperties(copy, hooks);
  return copy as T;
}
