import { readFileSync, readdirSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DataError } from '@aredis/resp-parser';
import { COMMANDS, PLAIN_BUILDERS, methodNames, type AnyCommandSpec } from '../src/index.js';
import { renderPlainBuilders } from '../src/plain-builders-source.js';
import { REDIS_PY_NAMES } from '../src/plain-names.js';
import { groupFiles } from './helpers.js';

// The arguments of the vendored Redis 7.2 specifications, by full command name, read here
// without the generator's code.
interface Argument {
  name: string;
  type: string;
  token?: string;
  optional?: boolean;
  multiple?: boolean;
}
const SPEC_DIR = new URL('../spec/redis-commands-7.2/', import.meta.url);
const specArguments = new Map<string, Argument[]>();
for (const file of readdirSync(SPEC_DIR).filter((f) => f.endsWith('.json'))) {
  const parsed = JSON.parse(readFileSync(new URL(file, SPEC_DIR), 'utf8')) as Record<string, { container?: string; arguments?: Argument[] }>;
  for (const [name, spec] of Object.entries(parsed)) {
    specArguments.set(spec.container === undefined ? name : `${spec.container} ${name}`, spec.arguments ?? []);
  }
}

/** The `name` of every `defineCommand({ ... })` in src/groups written without `build`. */
function declaredWithoutBuild(): string[] {
  const out: string[] = [];
  for (const file of groupFiles()) {
    const source = ts.createSourceFile(file.pathname, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.expression.getText() === 'defineCommand') {
        const declaration = node.arguments[0];
        if (declaration !== undefined && ts.isObjectLiteralExpression(declaration)) {
          const property = (key: string) => declaration.properties.find((p) => p.name?.getText() === key);
          const name = property('name');
          if (property('build') === undefined && name !== undefined && ts.isPropertyAssignment(name)) {
            expect(ts.isStringLiteral(name.initializer), name.getText()).toBe(true);
            out.push((name.initializer as ts.StringLiteral).text);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out.sort();
}

const generated = declaredWithoutBuild();
const methods = methodNames();
const declaration = (name: string): AnyCommandSpec =>
  (COMMANDS as unknown as Record<string, AnyCommandSpec>)[methods.get(name)!]!;
const build = (name: string, args: unknown[]): unknown => (declaration(name).build as (...a: unknown[]) => unknown)(...args);

/** A valid input of each specification type, for the argument at `i`. */
const SAMPLE: Record<string, (i: number) => unknown> = {
  key: (i) => (i % 2 === 0 ? `key${i}` : Buffer.from(`key${i}`)),
  string: (i) => (i % 2 === 0 ? `value${i}` : i + 0.5),
  integer: (i) => -i - 1,
  double: (i) => i + 0.25,
};
/** How the checks of args.ts say what a wrong input should have been. */
const EXPECTED: Record<string, string> = {
  key: 'a string or Buffer',
  string: 'a string, Buffer or number',
  integer: 'an integer',
  double: 'a number',
};
/** The argument name in a DataError text: redis-py's (src/plain-names.ts), else the specification's camelCased. */
const errorName = (command: string, arg: Argument): string =>
  REDIS_PY_NAMES[command]?.[arg.name] ?? arg.name.toLowerCase().replace(/-(.)/g, (_, c: string) => c.toUpperCase());

describe('generated plain builders', () => {
  it('are up to date with the specifications and the names (run `pnpm commands:builders`)', () => {
    const committed = readFileSync(new URL('../src/generated/plain-builders.ts', import.meta.url), 'utf8');
    expect(committed).toBe(renderPlainBuilders());
  });

  it('serve declarations of commands whose specification arguments are plain, each its own', () => {
    expect(generated.length).toBeGreaterThan(100);
    expect(new Set(generated).size).toBe(generated.length);
    for (const name of generated) {
      expect(Object.hasOwn(PLAIN_BUILDERS, name), name).toBe(true);
      const args = specArguments.get(name)!;
      const plain = args.every(
        (a, i) => EXPECTED[a.type] !== undefined && a.token === undefined && a.optional !== true && (a.multiple !== true || i === args.length - 1),
      );
      expect(plain, name).toBe(true);
    }
  });

  it('build the command words and the arguments in the order of the specification', () => {
    for (const name of generated) {
      const args = specArguments.get(name)!;
      const given = args.map((a, i) => (a.multiple === true ? [SAMPLE[a.type]!(i), SAMPLE[a.type]!(i + 1)] : [SAMPLE[a.type]!(i)]));
      expect(build(name, given.flat()), name).toEqual([...name.split(' '), ...given.flat()]);
    }
  });

  it("throw the DataError of the hand-written builders on a wrong input at any position, naming redis-py's argument", () => {
    for (const name of generated) {
      const args = specArguments.get(name)!;
      const valid = args.map((a, i) => SAMPLE[a.type]!(i));
      args.forEach((arg, i) => {
        const wrong = [...valid.slice(0, i), {}];
        const text = `${name}: argument '${errorName(name, arg)}' must be ${EXPECTED[arg.type]!}, got object`;
        expect(() => build(name, wrong), name).toThrow(DataError);
        expect(() => build(name, wrong), name).toThrow(text);
        if (arg.multiple === true) {
          const noun = arg.type === 'key' ? 'key' : 'value';
          expect(() => build(name, valid.slice(0, i)), name).toThrow(`${name}: argument '${errorName(name, arg)}' needs at least one ${noun}`);
        }
      });
    }
  });

  it('give the texts the hand-written builders gave', () => {
    const wrong = {} as never;
    expect(() => COMMANDS.get.build(wrong)).toThrow("GET: argument 'name' must be a string or Buffer, got object");
    expect(() => COMMANDS.hget.build('h', null as never)).toThrow("HGET: argument 'key' must be a string, Buffer or number, got null");
    expect(() => COMMANDS.setex.build('k', 1.5, 'v')).toThrow("SETEX: argument 'time' must be an integer, got number");
    expect(() => COMMANDS.rename.build('a', 1 as never)).toThrow("RENAME: argument 'dst' must be a string or Buffer, got number");
    expect(() => COMMANDS.delete.build()).toThrow("DEL: argument 'names' needs at least one key");
    expect(() => COMMANDS.sadd.build('s')).toThrow("SADD: argument 'values' needs at least one value");
    expect(() => COMMANDS.lrange.build('l', 0, NaN)).toThrow("LRANGE: argument 'end' must be an integer, got NaN");
    expect(() => COMMANDS.spublish.build([] as never, 'm')).toThrow("SPUBLISH: argument 'shardChannel' must be a string, Buffer or number, got array");
  });
});
