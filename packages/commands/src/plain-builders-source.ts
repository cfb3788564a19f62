import { readCommandSpecs, type ArgumentJson, type CommandSpecJson } from './spec-files.js';
import { EXCLUDED_COMMANDS, EXCLUDED_GROUPS } from './excluded.js';
import { REDIS_PY_NAMES } from './plain-names.js';

/**
 * Turns the arguments of the specifications into the source text of generated/plain-builders.ts:
 * a builder for every offered command whose arguments are plain. Node only: used by
 * scripts/generate-plain-builders.ts and by the test that checks the committed file is up to date.
 */

/** The parameter type and the check (args.ts, or the list check for a last `multiple`) of each plain type. */
const KINDS = {
  key: { type: 'KeyArg', check: 'check.key', list: 'keyList' },
  string: { type: 'ValueArg', check: 'check.value', list: 'valueList' },
  integer: { type: 'number', check: 'check.integer', list: undefined },
  double: { type: 'number', check: 'check.number', list: undefined },
} as const;
type PlainType = keyof typeof KINDS;

/** One argument of a generated builder. */
export interface PlainArgument {
  /** The specification's name (`key`, `node-id`). */
  readonly spec: string;
  /** redis-py's name (REDIS_PY_NAMES), else the specification's camelCased: the DataError text's. */
  readonly name: string;
  /** The parameter's identifier: `name`, with `_` after a reserved word. */
  readonly label: string;
  readonly type: PlainType;
  /** The last argument, `multiple`: a rest parameter of at least one. */
  readonly rest: boolean;
}

const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval').split(' '),
);

const camel = (name: string): string => name.toLowerCase().replace(/[-_ ]+(.)/g, (_, c: string) => c.toUpperCase());

function isPlainType(type: string): type is PlainType {
  return Object.hasOwn(KINDS, type);
}

/**
 * The arguments of `spec` when they are plain: a fixed sequence of required key, string,
 * integer and double arguments without tokens, the last of key or string perhaps `multiple`,
 * no `numkeys`, and as many as the arity says. `undefined` otherwise.
 */
export function plainArguments(spec: CommandSpecJson, names: Readonly<Record<string, string>> = {}): PlainArgument[] | undefined {
  const given = spec.arguments ?? [];
  const plain = (a: ArgumentJson, i: number): boolean =>
    isPlainType(a.type) &&
    a.name !== 'numkeys' && // a count of the keys that follow, for the builder to compute (ZDIFFSTORE)
    a.token === undefined &&
    a.optional !== true &&
    a.multiple_token !== true &&
    (a.multiple !== true || (i === given.length - 1 && KINDS[a.type].list !== undefined));
  if (!given.every(plain)) return undefined;
  const words = spec.name.split(' ').length;
  const rest = given.some((a) => a.multiple === true);
  const count = words + given.length;
  if (rest ? spec.arity !== -count : spec.arity !== count && !(spec.arity < 0 && count >= -spec.arity)) return undefined;
  const seen = new Set<string>();
  return given.map((a) => {
    const name = names[a.name] ?? camel(a.name);
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`${spec.name}: argument name '${name}' is not an identifier`);
    if (seen.has(name)) throw new Error(`${spec.name}: two arguments named '${name}'`);
    seen.add(name);
    return { spec: a.name, name, label: RESERVED.has(name) ? `${name}_` : name, type: a.type as PlainType, rest: a.multiple === true };
  });
}

/** The commands a client offers (not excluded, not of an excluded group) whose arguments are plain, by name. */
export function plainCommands(
  specs: readonly CommandSpecJson[],
  names: Readonly<Record<string, Readonly<Record<string, string>>>> = REDIS_PY_NAMES,
): Map<string, PlainArgument[]> {
  const out = new Map<string, PlainArgument[]>();
  for (const spec of [...specs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (Object.hasOwn(EXCLUDED_COMMANDS, spec.name) || Object.hasOwn(EXCLUDED_GROUPS, spec.group)) continue;
    const renames = names[spec.name] ?? {};
    const args = plainArguments(spec, renames);
    if (args === undefined) continue;
    const unknown = Object.keys(renames).filter((r) => !args.some((a) => a.spec === r));
    if (unknown.length > 0) throw new Error(`${spec.name}: REDIS_PY_NAMES renames ${unknown.join(', ')}, not among its arguments`);
    out.set(spec.name, args);
  }
  const stray = Object.keys(names).filter((name) => !out.has(name));
  if (stray.length > 0) throw new Error(`REDIS_PY_NAMES: ${stray.join(', ')} not offered commands with plain arguments`);
  return out;
}

function builderSource(command: string, args: readonly PlainArgument[]): string {
  const params = args.map((a) => `${a.rest ? '...' : ''}${a.label}: ${KINDS[a.type].type}${a.rest ? '[]' : ''}`);
  const tokens = [
    ...command.split(' ').map((word) => `'${word}'`),
    ...args.map((a) =>
      a.rest ? `...${KINDS[a.type].list}('${a.name}', undefined, ${a.label})` : `${KINDS[a.type].check}('${a.name}', ${a.label})`,
    ),
  ];
  const key = /^[A-Z][A-Z0-9_]*$/.test(command) ? command : `'${command}'`;
  const head = `  ${key}: (${params.join(', ')}): CommandArg[] => [`;
  const line = `${head}${tokens.join(', ')}],`;
  return line.length <= 120 ? line : [head, ...tokens.map((t) => `    ${t},`), '  ],'].join('\n');
}

export function renderPlainBuilders(
  specs: readonly CommandSpecJson[] = readCommandSpecs(),
  names: Readonly<Record<string, Readonly<Record<string, string>>>> = REDIS_PY_NAMES,
): string {
  const commands = plainCommands(specs, names);
  const all = [...commands.values()].flat();
  const lists = [...new Set(all.filter((a) => a.rest).map((a) => KINDS[a.type].list))].sort();
  const lines = [
    '// Generated by scripts/generate-plain-builders.ts from the arguments of every command in',
    '// packages/commands/spec/redis-commands-7.2 (and the redis-py names of src/plain-names.ts).',
    '// Do not edit: run `pnpm commands:builders`.',
    "import type { CommandArg } from '@aredis/resp-parser';",
    "import type { KeyArg, ValueArg } from '../define.js';",
    "import * as check from '../args.js';",
    ...(lists.length > 0 ? [`import { ${lists.join(', ')} } from '../collection-args.js';`] : []),
    '',
    '/**',
    ' * The builder of every offered command whose specification arguments are plain (required key,',
    ' * string, integer and double arguments without tokens, the last perhaps repeated), by command',
    ' * name: a declaration without `build` gets its own (`defineCommand`).',
    ' */',
    'export const PLAIN_BUILDERS = {',
    ...[...commands].map(([command, args]) => builderSource(command, args)),
    '};',
    '',
  ];
  return lines.join('\n');
}
