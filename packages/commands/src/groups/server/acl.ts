import { DataError, type CommandArg } from '@aredis/resp-parser';
import { building } from '../../building.js';
import { defineCommand, trailingOptions, returns, type Bulk } from '../../define.js';
import { integer, key, nonNegative, value } from '../../args.js';
import { okToBoolean, text, texts } from '../../callbacks.js';
import { parseAclGetuser, parseAclLog, type AclLogEntry, type AclUser } from '../../replies/acl.js';

export type { AclUser, AclLogEntry } from '../../replies/acl.js';

const names = (argName: string, list: readonly unknown[]): (string | Buffer)[] =>
  list.map((n) => key(argName, n));

/** ACL CAT [category]: the categories, or the commands of one. */
export const aclCat = defineCommand({
  name: 'ACL CAT',
  build: (category?: string) => (category === undefined ? ['ACL', 'CAT'] : ['ACL', 'CAT', key('category', category)]),
  returns: returns<Bulk[]>(),
});

/** ACL DELUSER username [username ...]: the number of users deleted. */
export const aclDeluser = defineCommand({
  name: 'ACL DELUSER',
  build: (username: string, ...usernames: string[]) => ['ACL', 'DELUSER', ...names('username', [username, ...usernames])],
  returns: returns<number>(),
});

/** ACL DRYRUN username command [arg ...]: `OK` when the user may run it, else the reason (text). */
export const aclDryrun = defineCommand({
  name: 'ACL DRYRUN',
  build: (username: string, command: string, ...args: (string | Buffer | number)[]) => [
    'ACL',
    'DRYRUN',
    key('username', username),
    key('command', command),
    ...args.map((a) => value('args', a)),
  ],
  reply: (reply) => text(reply),
  returns: returns<string>(),
});

/** ACL GENPASS [bits]: a random password (64 hex digits by default). */
export const aclGenpass = defineCommand({
  name: 'ACL GENPASS',
  build: (bits?: number) => (bits === undefined ? ['ACL', 'GENPASS'] : ['ACL', 'GENPASS', integer('bits', bits)]),
  returns: returns<Bulk>(),
});

/** ACL GETUSER username: the user's rules as an object (redis-py's shape), or null. */
export const aclGetuser = defineCommand({
  name: 'ACL GETUSER',
  build: (username: string) => ['ACL', 'GETUSER', key('username', username)],
  reply: (reply) => parseAclGetuser(reply),
  returns: returns<AclUser | null>(),
});

/** ACL LIST: every user's rules, one ACL-file line each. */
export const aclList = defineCommand({ name: 'ACL LIST', returns: returns<Bulk[]>() });

/** ACL USERS: the user names. */
export const aclUsers = defineCommand({ name: 'ACL USERS', returns: returns<Bulk[]>() });

/** ACL WHOAMI: the user of the connection. */
export const aclWhoami = defineCommand({ name: 'ACL WHOAMI', returns: returns<Bulk>() });

/** ACL LOAD: reloads the ACL file. */
export const aclLoad = defineCommand({ name: 'ACL LOAD', reply: okToBoolean, returns: returns<boolean>() });

/** ACL SAVE: writes the ACL file. */
export const aclSave = defineCommand({ name: 'ACL SAVE', reply: okToBoolean, returns: returns<boolean>() });

export interface AclLogOptions {
  /** At most this many entries. */
  count?: number;
  /** Clear the log instead (ACL LOG RESET): the reply is then `true`. */
  reset?: boolean;
}

/** ACL LOG [count | RESET]: recent denials as objects (redis-py's parse_acl_log), or `true` after RESET. */
export const aclLog = defineCommand({
  name: 'ACL LOG',
  options: trailingOptions(0, { count: true, reset: 'flag' }),
  build: (options: AclLogOptions = {}) => {
    if (options.reset && options.count !== undefined) throw new DataError(`${building()}: options 'count' and 'reset' cannot be combined`);
    if (options.reset) return ['ACL', 'LOG', 'RESET'];
    return options.count === undefined ? ['ACL', 'LOG'] : ['ACL', 'LOG', nonNegative('count', options.count)];
  },
  reply: (reply, options) => (options.reset ? okToBoolean(reply) : parseAclLog(reply)),
  returns: returns<AclLogEntry[] | boolean>(),
});

/** Signatures that depend on an option; methods.ts merges them into SignatureOverrides. */
export interface AclSignatures<D extends boolean> {
  aclLog(options: AclLogOptions & { reset: true }): Promise<boolean>;
  aclLog(options?: AclLogOptions & { reset?: false }): Promise<AclLogEntry[]>;
  aclLog(options?: AclLogOptions): Promise<AclLogEntry[] | boolean>;
}

/**
 * ACL SETUSER's rules as redis-py's acl_setuser takes them. Passwords and command rules carry
 * a `+` (add) or `-` (remove) prefix; keys get `~` and channels `&` unless they have one.
 */
export interface AclSetuserOptions {
  /** `on` or `off`; left alone when not given. */
  enabled?: boolean;
  nopass?: boolean;
  /** `+secret` adds, `-secret` removes a password. */
  passwords?: readonly string[];
  /** `+<sha256>` adds, `-<sha256>` removes a hashed password. */
  hashedPasswords?: readonly string[];
  /** `+@read`, `-@dangerous`. */
  categories?: readonly string[];
  /** `+get`, `-flushall`. */
  commands?: readonly string[];
  /** Key patterns (`cache:*`, `%R~log:*`). */
  keys?: readonly string[];
  /** Pub/Sub channel patterns. */
  channels?: readonly string[];
  /** Selectors, each a list of rules (`['+get', '~k*']`). */
  selectors?: readonly (readonly string[])[];
  /** Start from a blank user (`reset`). */
  reset?: boolean;
  resetKeys?: boolean;
  resetChannels?: boolean;
  resetPasswords?: boolean;
  /** Further rules as the ACL file writes them, appended last. */
  rules?: readonly string[];
}

function signed(name: string, rule: unknown, plus: string, minus: string): string {
  if (typeof rule === 'string' && rule.length > 1 && (rule[0] === '+' || rule[0] === '-')) {
    return (rule[0] === '+' ? plus : minus) + rule.slice(1);
  }
  throw new DataError(`${building()}: each of '${name}' must start with '+' or '-'`);
}

function aclRules(options: AclSetuserOptions): string[] {
  const rules: string[] = [];
  const text = (name: string, v: unknown): string => {
    if (typeof v !== 'string' || v === '') throw new DataError(`${building()}: each of '${name}' must be a non-empty string`);
    return v;
  };
  if (options.reset) rules.push('reset');
  if (options.resetKeys) rules.push('resetkeys');
  if (options.resetChannels) rules.push('resetchannels');
  if (options.resetPasswords) rules.push('resetpass');
  if (options.enabled !== undefined) rules.push(options.enabled ? 'on' : 'off');
  if (options.nopass) rules.push('nopass');
  for (const p of options.passwords ?? []) rules.push(signed('passwords', p, '>', '<'));
  for (const p of options.hashedPasswords ?? []) rules.push(signed('hashedPasswords', p, '#', '!'));
  for (const cat of options.categories ?? []) {
    const rule = signed('categories', cat, '+', '-');
    rules.push(rule[1] === '@' ? rule : `${rule[0]}@${rule.slice(1)}`);
  }
  for (const cmd of options.commands ?? []) rules.push(signed('commands', cmd, '+', '-'));
  for (const k of options.keys ?? []) {
    const pattern = text('keys', k);
    rules.push(pattern.startsWith('~') || pattern.startsWith('%') ? pattern : `~${pattern}`);
  }
  for (const ch of options.channels ?? []) {
    const pattern = text('channels', ch);
    rules.push(pattern.startsWith('&') ? pattern : `&${pattern}`);
  }
  for (const selector of options.selectors ?? []) {
    if (!Array.isArray(selector) || selector.length === 0) throw new DataError(`${building()}: each of 'selectors' must be a non-empty array of rules`);
    rules.push(`(${selector.map((r) => text('selectors', r)).join(' ')})`);
  }
  for (const r of options.rules ?? []) rules.push(text('rules', r));
  return rules;
}

/** ACL SETUSER username [rule ...]: creates or changes a user; `true` when done. */
export const aclSetuser = defineCommand({
  name: 'ACL SETUSER',
  options: trailingOptions(1, { enabled: 'flag', nopass: 'flag', passwords: true, hashedPasswords: true, categories: true, commands: true, keys: true, channels: true, selectors: true, reset: 'flag', resetKeys: 'flag', resetChannels: 'flag', resetPasswords: 'flag', rules: true }),
  build: (username: string, options: AclSetuserOptions = {}) => {
    const args: CommandArg[] = ['ACL', 'SETUSER', key('username', username)];
    args.push(...aclRules(options));
    return args;
  },
  reply: okToBoolean,
  returns: returns<boolean>(),
});

export const aclHelp = defineCommand({ name: 'ACL HELP', reply: texts, returns: returns<string[]>() });
