/**
 * The fenced code blocks of the project's Markdown files, and what each says about itself.
 *
 * The info string decides: ```ts / ```js (typescript, javascript, mjs also) blocks run; other
 * languages (sh, json, text, ...) are not code to run; a block with no language is an error
 * (say what it is). Words after the language are attributes: `no-run` (shown as a skipped test,
 * so a block is never left out silently), and the environment the block runs in (see
 * environments.ts: `cluster`, `sentinel-tls`, `password=secret`, `none`, `vitest`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const RUNNABLE = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);

export interface CodeBlock {
  /** The Markdown file, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  readonly attributes: readonly string[];
  readonly code: string;
}

export function codeBlocks(root: string, file: string): CodeBlock[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: CodeBlock[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() !== fence) {
      body.push(lines[j]!.slice(indent!.length));
      j++;
    }
    const [lang = '', ...attributes] = info!.trim().split(/\s+/).filter(Boolean);
    out.push({ file, line: i + 1, lang, attributes, code: `${body.join('\n')}\n` });
    i = j;
  }
  return out;
}

/** The Markdown files whose blocks are checked: every README, and the docs. */
export function markdownFiles(root: string): string[] {
  const files = ['README.md', 'CONTRIBUTING.md'];
  for (const dir of readdirSync(join(root, 'packages'))) {
    try {
      readFileSync(join(root, 'packages', dir, 'README.md'));
      files.push(`packages/${dir}/README.md`);
    } catch {
      // a package without a README
    }
  }
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'api') walk(join(dir, entry.name));
      else if (entry.name.endsWith('.md')) files.push(relative(root, join(root, dir, entry.name)));
    }
  };
  walk('docs');
  return files;
}
