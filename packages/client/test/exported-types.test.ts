/**
 * Every type a command group module exports (an option object, a reply shape, a signature
 * interface) is importable from '@aredis/client': the generated re-exports are up to date with
 * the group modules, and a file importing every one of them compiles.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { GENERATED, groupTypes, renderClientFile, renderCommandsFile } from '../../../scripts/command-types.js';

const types = groupTypes();
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
    const testDir = fileURLToPath(new URL('.', import.meta.url));
    const file = join(testDir, '__imports-every-group-type.ts');
    // an import of a name the module does not export is TS2305, used or not
    const text = `import type {\n${names.map((n) => `  ${n},`).join('\n')}\n} from '@aredis/client';\n`;
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
    host.getSourceFile = (name, language) => (name === file ? ts.createSourceFile(name, text, language) : getSourceFile(name, language));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === file || fileExists(name);
    const program = ts.createProgram([file], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});
