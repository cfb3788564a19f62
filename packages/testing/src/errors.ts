/**
 * Errors raised by the test launchers. Each has a stable `code` so tests can branch on it.
 */
export class TestingError extends Error {
  readonly code: string = 'AREDIS_TESTING_ERR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A redis-server (or sentinel, or cluster) did not become ready in time, or exited while starting. */
export class StartupError extends TestingError {
  override readonly code: string = 'AREDIS_TESTING_ERR_STARTUP';
}

/** A launcher was given options it cannot honour. */
export class OptionsError extends TestingError {
  override readonly code: string = 'AREDIS_TESTING_ERR_OPTIONS';
}

/** A raw command sent by the launcher itself failed (socket error, timeout or error reply). */
export class CommandError extends TestingError {
  override readonly code: string = 'AREDIS_TESTING_ERR_COMMAND';
}
