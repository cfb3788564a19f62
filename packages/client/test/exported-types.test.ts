/**
 * Every type a command group module exports (an option object, a reply shape, a signature
 * interface) is importable from '@aredis/client': the generated re-exports are up to date with
 * the group modules, and a file importing every one of them compiles.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '@aredis/commands';
import { GENERATED, groupTypes, renderClientFile, renderCommandsFile } from '../../../scripts/command-types.js';

const types = groupTypes();

/** A program of `text` as a file of this folder named `name` (not written), with `roots` beside it. */
function programWith(name: string, text: string, roots: readonly string[] = []): { program: ts.Program; file: string } {
  const file = join(fileURLToPath(new URL('.', import.meta.url)), name);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    customConditions: ['aredis-source'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (path, language) => (path === file ? ts.createSourceFile(path, text, language) : getSourceFile(path, language));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (path) => path === file || fileExists(path);
  return { program: ts.createProgram([file, ...roots], options, host), file };
}
const names = [...types.values()].flat();

describe('the command groups\' types reach @aredis/client', () => {
  it('finds the types of every group module (ZAddOptions, XInfoStream, GeoSearchReply among them)', () => {
    expect(types.size).toBeGreaterThanOrEqual(15);
    expect(names).toEqual(expect.arrayContaining(['ZAddOptions', 'XInfoStream', 'GeoSearchReply']));
  });

  it('the generated re-exports are up to date (else run `pnpm commands:types`)', () => {
    expect(readFileSync(GENERATED.commands, 'utf8')).toBe(renderCommandsFile(types));
    expect(readFileSync(GENERATED.client, 'utf8')).toBe(renderClientFile(types));
  });

  it('a user file importing every one of them from @aredis/client compiles', () => {
    // an import of a name the module does not export is TS2305, used or not
    const text = `import type {\n${names.map((n) => `  ${n},`).join('\n')}\n} from '@aredis/client';\n`;
    const { program, file } = programWith('__imports-every-group-type.ts', text);
    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});

/**
 * The named types the command methods' signatures reach (parameters and replies, through type
 * arguments, unions and object members), declared in @aredis/commands: by symbol, whether
 * @aredis/commands and @aredis/client export each.
 */
function signatureTypes(): { name: string; commands: boolean; client: boolean }[] {
  const commandsEntry = fileURLToPath(new URL('../../commands/src/index.ts', import.meta.url));
  const clientEntry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
  const text = "import type { StrictRedis } from '@aredis/client';\nexport type Probe = StrictRedis<true>;\n";
  const { program, file: probe } = programWith('__command-signatures.ts', text, [commandsEntry, clientEntry]);
  const checker = program.getTypeChecker();
  const exportsOf = (file: string): Set<ts.Symbol> =>
    new Set(
      checker
        .getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!)
        .map((e) => (e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e)),
    );
  const fromCommands = exportsOf(commandsEntry);
  const fromClient = exportsOf(clientEntry);
  const commandsSrc = dirname(commandsEntry);
  const named = ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class;
  const reached = new Set<ts.Symbol>();
  const seen = new Set<ts.Type>();
  const note = (symbol: ts.Symbol | undefined): void => {
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
    if (symbol !== undefined && file?.startsWith(commandsSrc) === true && (symbol.flags & named) !== 0) reached.add(symbol);
  };
  const visit = (type: ts.Type, depth: number): void => {
    if (seen.has(type) || depth > 6) return;
    seen.add(type);
    note(type.aliasSymbol);
    note(type.getSymbol());
    for (const argument of type.aliasTypeArguments ?? []) visit(argument, depth + 1);
    if (type.isUnionOrIntersection()) for (const member of type.types) visit(member, depth + 1);
    if ((type.flags & ts.TypeFlags.Object) === 0) return;
    const file = type.getSymbol()?.declarations?.[0]?.getSourceFile().fileName ?? '';
    if (!file.startsWith(commandsSrc) && file !== '') return; // Promise, Buffer, Map...: their type arguments are enough
    if (((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0) {
      for (const argument of checker.getTypeArguments(type as ts.TypeReference)) visit(argument, depth + 1);
    }
    for (const signature of type.getCallSignatures()) {
      for (const parameter of signature.getParameters()) visit(checker.getTypeOfSymbol(parameter), depth + 1);
      visit(signature.getReturnType(), depth + 1);
    }
    if (depth > 0) for (const member of type.getProperties()) visit(checker.getTypeOfSymbol(member), depth + 1);
  };
  const probeExports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(probe)!)!);
  const client = checker.getDeclaredTypeOfSymbol(probeExports[0]!);
  const methods = new Set(Object.keys(COMMANDS));
  for (const method of client.getProperties()) {
    if (methods.has(method.getName())) visit(checker.getTypeOfSymbol(method), 0);
  }
  return [...reached]
    .map((symbol) => ({ name: symbol.getName(), commands: fromCommands.has(symbol), client: fromClient.has(symbol) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe('the types the command methods name', () => {
  const reached = signatureTypes();

  it('reach more than the groups: the argument types, BitFieldOperation, ScanIterOptions', () => {
    expect(reached.map((t) => t.name)).toEqual(expect.arrayContaining(['KeyArg', 'ValueArg', 'BitFieldOperation', 'ScanIterOptions', 'ZAddOptions']));
  });

  it('are exported from @aredis/client when @aredis/commands exports them (its Bulk is pubsub’s Bulk<D> there)', () => {
    expect(reached.filter((t) => t.commands && !t.client).map((t) => t.name)).toEqual(['Bulk']);
  });

  it('are exported from @aredis/commands, but for the groups’ private shorthands of their signature interfaces', () => {
    // Each names a piece of an exported ...Signatures<D> interface (overload sets, argument tuples),
    // not an option or reply type of its own; a new name here is a type to export or to add here.
    expect(reached.filter((t) => !t.commands).map((t) => t.name)).toEqual([
      'CastTo',
      'ClaimHead',
      'ClaimSignatures',
      'Keys',
      'LonLat',
      'NoScores',
      'RadiusSearch',
      'RadiusStoreSearch',
      'WithScores',
    ]);
  });
});
