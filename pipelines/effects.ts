/** The clock and the output a pipeline uses, passed in so tests run with a fixed clock and no noise. */
export interface Effects {
  now(): Date;
  /** Progress on long work, for a person watching (stderr). */
  progress(line: string): void;
  /** Something the statistician should know about (stderr). */
  warn(line: string): void;
}

export function consoleEffects(opts: { quiet?: boolean } = {}): Effects {
  return {
    now: () => new Date(),
    progress: (line) => {
      if (!opts.quiet) process.stderr.write(`${line}\n`);
    },
    warn: (line) => process.stderr.write(`varning: ${line}\n`),
  };
}

/** A fixed, advancing clock for tests and the reproducible demo. */
export function fixedEffects(start: Date, log: string[] = []): Effects {
  let t = start.getTime();
  return {
    now: () => new Date((t += 1000)),
    progress: (line) => log.push(line),
    warn: (line) => log.push(`varning: ${line}`),
  };
}
