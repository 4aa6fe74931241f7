/**
 * One way to validate every config or register file: the error names the file and the key path the user wrote,
 * in Swedish, so the statistician can fix the file without reading code.
 */
import type { z } from 'zod';

export class ConfigError extends Error {
  readonly file: string;
  readonly problems: string[];
  constructor(file: string, problems: string[], options?: { cause?: unknown }) {
    super(`${file}: ${problems.join('\n  ')}`, options);
    this.name = 'ConfigError';
    this.file = file;
    this.problems = problems;
  }
}

function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(hela filen)' : out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `okänd nyckel ${issue.keys.map((k) => `"${k}"`).join(', ')} (stavfel?)`;
    case 'invalid_type':
      return issue.input === undefined ? `saknas (förväntade ${issue.expected})` : `förväntade ${issue.expected}`;
    case 'invalid_value':
      return `förväntade ett av ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'värdet har inte någon av de tillåtna formerna';
    default:
      return issue.message;
  }
}

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${keyPath(issue.path)}: ${describeIssue(issue)}`);
}

export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, file: string): z.output<S> {
  // reportInput: without it zod 4 leaves `input` out of every issue, and a value of the wrong type reads as missing.
  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success) throw new ConfigError(file, formatIssues(result.error));
  return result.data;
}
