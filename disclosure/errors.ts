/**
 * An expected failure: the table or its specification is wrong (unknown code, totals that do not add up, a cycle
 * in a hierarchy). The CLI prints the message; anything else thrown from this folder is a bug.
 */
export class DisclosureInputError extends Error {
  override readonly name = 'DisclosureInputError';
}
