import type { Duplex } from 'node:stream';
import { CommandWriter, type CommandArg } from '@aredis/resp-parser';

/**
 * The connection's outgoing bytes: commands are encoded straight into the parser package's
 * slab-based CommandWriter as they are issued; `flushTo` hands everything encoded since the
 * last flush to the socket as one write (corked when large arguments make it several chunks).
 */
export class WriteBuffer {
  readonly #writer = new CommandWriter();

  /** Encodes one command. Throws DataError, writing nothing, when an argument is invalid. */
  write(args: readonly CommandArg[]): void {
    this.#writer.write(args);
  }

  /** Bytes waiting for the next flush. */
  get size(): number {
    return this.#writer.pendingBytes;
  }

  /** Writes what is waiting; answers the socket's back-pressure verdict (false: wait for drain). */
  flushTo(socket: Duplex): boolean {
    if (this.#writer.pendingBytes === 0) return true;
    const chunks = this.#writer.take();
    if (chunks.length === 1) return socket.write(chunks[0] as Buffer);
    socket.cork();
    let ok = true;
    for (const chunk of chunks) ok = socket.write(chunk);
    socket.uncork();
    return ok;
  }

  /** Forgets the bytes not yet written (the socket they were meant for is gone). */
  clear(): void {
    this.#writer.take();
  }
}
