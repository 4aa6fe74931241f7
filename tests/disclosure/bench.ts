/**
 * Runtime of suppression on realistic cubes: `node --import tsx tests/disclosure/bench.ts [case|all]`.
 * Not a test (no assertions); the numbers go into CONTEXT.md. `+history` cases run the previous month's release
 * first and time the next month's release with it as history (the nightly case).
 */
import { suppress } from '../../disclosure/suppress.ts';
import type { CellStatus, LinearTable } from '../../disclosure/table.ts';
import { DEFAULT_RULES } from '../../disclosure/table.ts';
import { realisticCube } from './fixtures.ts';
import type { CubeShapeOptions } from './fixtures.ts';

const cases: Record<string, CubeShapeOptions> = {
  small: { areas: 17, perN2: 4, perN1: 2, months: 12, meanPerCell: 3, seed: 1 },
  medium: { areas: 50, perN2: 5, perN1: 3, months: 36, meanPerCell: 3, seed: 2 },
  large: { areas: 100, perN2: 5, perN1: 4, months: 60, meanPerCell: 3, seed: 3 },
  rolling: { areas: 17, perN2: 4, perN1: 2, months: 24, meanPerCell: 3, seed: 4, calendar: { rolling12: 'all' } },
  'large-rolling': { areas: 100, perN2: 5, perN1: 4, months: 60, meanPerCell: 3, seed: 5, calendar: { rolling12: 'last' } },
};

const which = process.argv[2] ?? 'small';

/** Twelve monthly releases of the 100 × 60 cube, each with every earlier one as history (the ledger grows). */
async function twelveReleases(): Promise<void> {
  const shape = cases['large'];
  if (!shape) return;
  const full = realisticCube(shape);
  const releases: {
    dimensions: LinearTable['dimensions'];
    cells: { key: readonly string[]; value: number | null; status: CellStatus; count: number }[];
  }[] = [];
  for (let months = shape.months - 11; months <= shape.months; months++) {
    const table = dropTo(full, months, shape);
    const t0 = performance.now();
    const result = await suppress(table, DEFAULT_RULES, { history: { releases } });
    const ms = Math.round(performance.now() - t0);
    releases.push({
      dimensions: table.dimensions,
      cells: result.cells.map((c) => ({ key: c.key, value: c.published, status: c.status, count: c.count })),
    });
    console.log(
      `large, release ${releases.length} (${months} months, ${releases.length - 1} earlier): secondary ` +
        `${result.stats.secondary}, unprotected ${result.unprotected.length}, ${ms} ms`,
    );
  }
}

function dropTo(table: LinearTable, months: number, shape: CubeShapeOptions): LinearTable {
  const shorter = realisticCube({ ...shape, months });
  const keep = new Set(shorter.cells.map((c) => c.key.join('|')));
  return { dimensions: shorter.dimensions, cells: table.cells.filter((c) => keep.has(c.key.join('|'))) };
}

if (which === 'large+12') await twelveReleases();
for (const [name, shape] of Object.entries(cases)) {
  for (const withHistory of [false, true]) {
    const label = withHistory ? `${name}+history` : name;
    if (which !== 'all' && which !== name && which !== label) continue;
    const table = realisticCube(shape);
    let history;
    if (withHistory) {
      const before = dropTo(table, shape.months - 1, shape);
      const previous = await suppress(before, DEFAULT_RULES);
      history = {
        releases: [
          {
            dimensions: before.dimensions,
            cells: previous.cells.map((c) => ({ key: c.key, value: c.published, status: c.status, count: c.count })),
          },
        ],
      };
    }
    const t0 = performance.now();
    const result = await suppress(table, DEFAULT_RULES, history ? { history } : {});
    const ms = Math.round(performance.now() - t0);
    console.log(
      `${label}: ${result.stats.cells} cells, primary ${result.stats.primary}, secondary ${result.stats.secondary}, ` +
        `rounds ${result.stats.rounds}, LPs ${result.stats.lpSolves}, unprotected ${result.unprotected.length}, ${ms} ms`,
    );
  }
}
