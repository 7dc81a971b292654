export const EXIT_OK = 0;
/** Validation or policy failure: the input was understood and found wanting. */
export const EXIT_FAILURE = 1;
/** Usage error: unknown command or flag, missing argument, unreadable file. */
export const EXIT_USAGE = 2;

/** Thrown by command handlers to end the CLI with a message on stderr and a given exit code. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}
