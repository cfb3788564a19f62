/**
 * An inline command (`SET k "a b"` as redis-cli in a pipe or a telnet user sends it) split
 * into its arguments the way Redis splits it: blanks separate words; "double quotes" take the
 * escapes \n \r \t \b \a \\ \" and \xHH; 'single quotes' take \'; a closing quote must be
 * followed by a blank or the end of the line. Null when the quotes do not balance.
 */
const SPACE = 32;
const QUOTE = 34;
const APOSTROPHE = 39;
const BACKSLASH = 92;

function isBlank(c: number | undefined): boolean {
  return c === SPACE || (c !== undefined && c >= 9 && c <= 13) || c === 0;
}

function hexDigit(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

const ESCAPES: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 97: 7 };

export function splitInline(line: Buffer): Buffer[] | null {
  const args: Buffer[] = [];
  let p = 0;
  const n = line.length;
  for (;;) {
    while (p < n && isBlank(line[p])) p++;
    if (p >= n) return args;
    const first = line[p]!;
    if (first !== QUOTE && first !== APOSTROPHE) {
      const start = p;
      while (p < n && !isBlank(line[p])) p++;
      args.push(line.subarray(start, p));
      continue;
    }
    const bytes: number[] = [];
    p++;
    for (;;) {
      if (p >= n) return null; // unterminated quotes
      const c = line[p]!;
      if (first === QUOTE && c === BACKSLASH && p + 3 < n && line[p + 1] === 120 && hexDigit(line[p + 2]) >= 0 && hexDigit(line[p + 3]) >= 0) {
        bytes.push(hexDigit(line[p + 2]) * 16 + hexDigit(line[p + 3]));
        p += 4;
      } else if (first === QUOTE && c === BACKSLASH && p + 1 < n) {
        const escaped = line[p + 1]!;
        bytes.push(ESCAPES[escaped] ?? escaped);
        p += 2;
      } else if (first === APOSTROPHE && c === BACKSLASH && line[p + 1] === APOSTROPHE) {
        bytes.push(APOSTROPHE);
        p += 2;
      } else if (c === first) {
        p++;
        if (p < n && !isBlank(line[p])) return null; // a closing quote must end the word
        break;
      } else {
        bytes.push(c);
        p++;
      }
    }
    args.push(Buffer.from(bytes));
  }
}
