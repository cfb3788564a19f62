/** A growable byte buffer for the value encoder: appends, then hands out what it holds. */
const CR = 13;
const LF = 10;

export class ReplyBuffer {
  #buf: Buffer;
  #pos = 0;

  constructor(size = 256) {
    this.#buf = Buffer.allocUnsafe(size);
  }

  #room(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.#buf.copy(next, 0, 0, this.#pos);
    this.#buf = next;
  }

  /** `<type><text>\r\n`, text being ASCII (numbers, lengths) or checked free of CR LF. */
  line(type: number, text: string): void {
    const length = Buffer.byteLength(text);
    this.#room(length + 3);
    const buf = this.#buf;
    buf[this.#pos++] = type;
    if (length === text.length && length < 24) {
      for (let i = 0; i < length; i++) buf[this.#pos + i] = text.charCodeAt(i);
      this.#pos += length;
    } else this.#pos += buf.write(text, this.#pos, 'utf8');
    buf[this.#pos++] = CR;
    buf[this.#pos++] = LF;
  }

  /** `<type><length>\r\n<body>\r\n`. */
  blob(type: number, body: string | Buffer): void {
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    this.line(type, String(length));
    this.#room(length + 2);
    if (typeof body === 'string') this.#pos += this.#buf.write(body, this.#pos, 'utf8');
    else this.#pos += body.copy(this.#buf, this.#pos);
    this.#buf[this.#pos++] = CR;
    this.#buf[this.#pos++] = LF;
  }

  /** What was written, as a view of the buffer (the buffer is not reused). */
  take(): Buffer {
    return this.#buf.subarray(0, this.#pos);
  }
}
