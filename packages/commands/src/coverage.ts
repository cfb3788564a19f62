import { EXCLUDED_COMMANDS, EXCLUDED_GROUPS } from './excluded.js';
import { methodNames } from './methods.js';
import { containerNames, readCommandSpecs, type CommandSpecJson } from './spec-files.js';

/**
 * The coverage check of issue 4: every command and subcommand of the specifications is a
 * client method, an excluded command, or a container covered by its subcommands.
 */
export interface CoverageResult {
  /** Commands and subcommands counted (containers left out). */
  readonly total: number;
  /** Names with a declared method. */
  readonly declared: number;
  /** Names excluded on purpose (by name or by group). */
  readonly excluded: number;
  /** Names with neither, sorted, with their group and the version that added them. */
  readonly missing: readonly { readonly name: string; readonly group: string; readonly since: string }[];
  /** Declared command names that appear in no specification (typos, or commands newer than 7.2). */
  readonly unknown: readonly string[];
}

export function checkCoverage(specs: readonly CommandSpecJson[] = readCommandSpecs()): CoverageResult {
  const declared = methodNames();
  const containers = containerNames(specs);
  const known = new Set<string>();
  const missing: { name: string; group: string; since: string }[] = [];
  let covered = 0;
  let excluded = 0;
  let total = 0;
  for (const spec of specs) {
    known.add(spec.name);
    if (containers.has(spec.name)) continue;
    total += 1;
    if (declared.has(spec.name)) covered += 1;
    else if (spec.name in EXCLUDED_COMMANDS || spec.group in EXCLUDED_GROUPS) excluded += 1;
    else missing.push({ name: spec.name, group: spec.group, since: spec.since });
  }
  missing.sort((a, b) => (a.group === b.group ? a.name.localeCompare(b.name) : a.group.localeCompare(b.group)));
  const unknown = [...declared.keys()].filter((name) => !known.has(name) && !isSubcommandOfDeclaredSpec(name, known)).sort();
  return { total, declared: covered, excluded, missing, unknown };
}

/** `DEBUG OBJECT` is declared under a command whose spec has no subcommand files: accept it. */
function isSubcommandOfDeclaredSpec(name: string, known: ReadonlySet<string>): boolean {
  const space = name.indexOf(' ');
  return space !== -1 && known.has(name.slice(0, space)) && name.slice(0, space) in EXCLUDED_COMMANDS;
}

/** The report `pnpm commands:coverage` prints. */
export function formatCoverage(result: CoverageResult): string {
  const lines = [
    `${result.total} commands: ${result.declared} methods, ${result.excluded} excluded, ${result.missing.length} missing`,
  ];
  for (const m of result.missing) lines.push(`  missing ${m.name} (${m.group}, since ${m.since})`);
  for (const name of result.unknown) lines.push(`  declared but not in the specifications: ${name}`);
  return lines.join('\n');
}
