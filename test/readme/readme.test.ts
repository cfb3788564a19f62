/**
 * Every code block of the READMEs and docs runs: each ts/js block is written to a file and run
 * with Node (tsx, sources through the `aredis-source` condition) against the environment its
 * info string names (environments.ts), and must exit 0 on its own (a client left open keeps the
 * process alive, and the test fails). Blocks in other languages are not code; a block with no
 * language, or an unknown attribute, fails; `no-run` blocks are reported as skipped.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { codeBlocks, markdownFiles, RUNNABLE, type CodeBlock } from './blocks.js';
import { startEnvironment, withGiven } from './environments.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const redirect = fileURLToPath(new URL('./redirect.mjs', import.meta.url));
const requireFromRoot = createRequire(join(root, 'package.json'));
const vitestBin = join(requireFromRoot.resolve('vitest/package.json'), '..', 'vitest.mjs');
const ATTRIBUTES = /^(no-run|none|vitest|cluster|sentinel-tls|password=\S+|given=\S+)$/;
const EXIT_WITHIN_MS = 120_000;

// Inside the repository, so `@aredis/*`, tsx and vitest resolve from the root node_modules.
mkdirSync(join(root, '.readme-blocks'), { recursive: true });
const scratch = mkdtempSync(join(root, '.readme-blocks', 'run-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Outcome {
  code: number | null;
  output: string;
  timedOut: boolean;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, EXIT_WITHIN_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

async function runBlock(block: CodeBlock, name: string): Promise<void> {
  const folder = mkdtempSync(join(scratch, `${name}-`));
  const environment = await startEnvironment(block.attributes, folder);
  try {
    const env = { ...process.env, AREDIS_README_REDIRECT: JSON.stringify(environment.redirect), NODE_OPTIONS: '' };
    let outcome: Outcome;
    if (block.attributes.includes('vitest')) {
      writeFileSync(join(folder, 'block.test.ts'), block.code);
      writeFileSync(
        join(folder, 'vitest.config.mjs'),
        "export default { resolve: { conditions: ['aredis-source'] }, ssr: { resolve: { conditions: ['aredis-source'], externalConditions: ['aredis-source'] } }, test: { include: ['block.test.ts'], hookTimeout: 60000 } };\n",
      );
      outcome = await run(process.execPath, ['--import', redirect, vitestBin, 'run', '--root', folder, '--config', join(folder, 'vitest.config.mjs')], folder, env);
    } else {
      const file = join(folder, block.lang.startsWith('j') || block.lang === 'mjs' ? 'block.mjs' : 'block.ts');
      writeFileSync(file, withGiven(block.code, block.attributes));
      outcome = await run(process.execPath, ['--conditions=aredis-source', '--import', 'tsx', '--import', redirect, file], folder, env);
    }
    if (outcome.timedOut) throw new Error(`${block.file}:${block.line} did not exit within ${EXIT_WITHIN_MS / 1000} s (a client or server left open?)\n${outcome.output}`);
    expect(outcome.code, `${block.file}:${block.line} exited ${outcome.code}\n${outcome.output}`).toBe(0);
  } finally {
    await environment.stop();
  }
}

for (const file of markdownFiles(root)) {
  const blocks = codeBlocks(root, file).filter((b) => b.lang === '' || RUNNABLE.has(b.lang));
  if (blocks.length === 0) continue;
  describe(file, () => {
    for (const block of blocks) {
      const label = `line ${block.line}: \`\`\`${[block.lang, ...block.attributes].join(' ')}`;
      const name = `${basename(file, '.md')}-${block.line}`;
      if (block.lang === '') {
        it(`${label} says what it is (give it a language: ts, sh, text, ...)`, () => {
          expect.fail(`${file}:${block.line}: a code block with no language; mark it (\`\`\`sh, \`\`\`text, \`\`\`ts no-run, ...)`);
        });
      } else if (block.attributes.some((a) => !ATTRIBUTES.test(a))) {
        it(`${label} has only known attributes`, () => {
          expect(block.attributes.filter((a) => !ATTRIBUTES.test(a))).toEqual([]);
        });
      } else if (block.attributes.includes('no-run')) {
        it.skip(`${label} (marked no-run)`, () => {});
      } else {
        it(`${label} runs and exits`, () => runBlock(block, name), EXIT_WITHIN_MS + 60_000);
      }
    }
  });
}
