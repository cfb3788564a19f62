/** The rarer scalar types (doubles, big numbers, big integers), kept off the hot loop. */

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const BIG_INTEGER = /^[+-]?\d+$/;

/** A RESP3 double's text as a number, or undefined when it is not a RESP double. */
export function parseDouble(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  switch (text.toLowerCase()) {
    case 'inf':
    case '+inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case 'nan':
    case '-nan':
    case '+nan':
      return NaN;
    default:
      return undefined;
  }
}

/** A big number's text as a bigint, or undefined when it is not digits. */
export function parseBigNumber(text: string): bigint | undefined {
  return BIG_INTEGER.test(text) ? BigInt(text) : undefined;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An integer reply with more digits than a double holds exactly: a number when safe, else a bigint. */
export function exactInteger(text: string): number | bigint {
  const value = BigInt(text);
  return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value;
}
