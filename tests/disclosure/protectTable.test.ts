import { describe, expect, it } from 'vitest';
import { DisclosureInputError } from '../../disclosure/errors.ts';
import { historyFor } from '../../disclosure/outflow.ts';
import { formatProtectedCsv, parseTable, parseTotalArgument, protectTable } from '../../disclosure/protectTable.ts';
import { DEFAULT_RULES } from '../../disclosure/table.ts';
import { auditRelease, auditReleases } from './intruder.ts';

const AT = new Date('2025-03-14T09:00:00Z');

const CSV = `område;kön;antal;kostnad
Norr;K;12;3400
Norr;M;3;900
Norr;Totalt;15;4300
Söder;K;8;2000
Söder;M;9;2500
Söder;Totalt;17;4500
Väst;K;2;100
Väst;M;14;5000
Väst;Totalt;16;5100
Totalt;K;22;5500
Totalt;M;26;8400
Totalt;Totalt;48;13900
`;

const SPEC = {
  count: 'antal',
  magnitude: 'kostnad',
  dimensions: [
    { column: 'område', total: 'Totalt' },
    { column: 'kön', total: 'Totalt' },
  ],
};

describe('protectTable (ad-hoc release)', () => {
  it('returns the protected table, the intruder intervals and an outflow log entry', async () => {
    const result = await protectTable(CSV, SPEC, { rules: DEFAULT_RULES, at: AT, subject: 'adhoc:kon-omrade', recipient: 'Polisen' });
    expect(result.rows).toHaveLength(12);
    // Rows come back in input order.
    expect(result.rows.map((r) => r.key.join('/')).slice(0, 3)).toEqual(['Norr/K', 'Norr/M', 'Norr/Totalt']);
    const row = (a: string, k: string) => result.rows.find((r) => r.key[0] === a && r.key[1] === k);
    expect(row('Norr', 'M')).toMatchObject({ value: '..', magnitude: '..', status: 'suppressed_primary', reason: 'primary:k' });
    expect(row('Väst', 'K')).toMatchObject({ value: '..', status: 'suppressed_primary' });
    expect(row('Totalt', 'Totalt')).toMatchObject({ value: '48', magnitude: '13900', status: 'published' });
    const suppressed = result.rows.filter((r) => r.value === '..');
    expect(suppressed.length).toBeGreaterThanOrEqual(4);
    for (const r of suppressed) expect(r.interval).toBeDefined();

    const audit = await auditRelease(
      parseTable(CSV, SPEC).table.dimensions,
      result.log.cells.map((c) => ({ key: c.key, published: c.value, count: c.count })),
      DEFAULT_RULES.protection,
    );
    expect(audit.breaches).toEqual([]);
    for (const r of suppressed) {
      const theirs = audit.intervals.get(JSON.stringify(r.key));
      expect(r.interval?.min).toBeCloseTo(theirs?.min ?? NaN, 6);
      expect(r.interval?.max).toBeCloseTo(theirs?.max ?? NaN, 6);
    }

    expect(result.log).toMatchObject({
      at: '2025-03-14T09:00:00.000Z',
      subject: 'adhoc:kon-omrade',
      recipient: 'Polisen',
      kind: 'adhoc',
      method: 'suppression',
      dimensions: ['område', 'kön'],
    });
    expect(result.log.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.log.summary.suppressed_primary).toBe(2);
    // What left is the published value: `..` cells carry no value.
    for (const cell of result.log.cells) if (cell.status !== 'published') expect(cell.value).toBeNull();
  });

  it('prints the recipient’s CSV with `..`', async () => {
    const result = await protectTable(CSV, SPEC, { rules: DEFAULT_RULES, at: AT, subject: 's' });
    const text = formatProtectedCsv(result);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('område;kön;antal;kostnad;status');
    expect(lines).toContain('Norr;M;..;..;suppressed_primary');
    expect(lines).toContain('Totalt;Totalt;48;13900;published');
  });

  it('honours earlier releases of the same subject', async () => {
    const first = await protectTable(CSV, SPEC, { rules: DEFAULT_RULES, at: AT, subject: 's' });
    const revised = CSV.replace('Söder;K;8;2000', 'Söder;K;9;2000')
      .replace('Söder;Totalt;17;4500', 'Söder;Totalt;18;4500')
      .replace('Totalt;K;22;5500', 'Totalt;K;23;5500')
      .replace('Totalt;Totalt;48;13900', 'Totalt;Totalt;49;13900');
    const second = await protectTable(revised, SPEC, {
      rules: DEFAULT_RULES,
      at: AT,
      subject: 's',
      history: historyFor([first.log], 's', ['område', 'kön']),
    });
    const before = new Map(first.rows.map((r) => [r.key.join('/'), r]));
    for (const r of second.rows) {
      if (before.get(r.key.join('/'))?.value === '..') expect(r.value).toBe('..');
    }
    // Every suppressed cell of both releases keeps its protection against the intruder who holds both.
    expect(second.unprotected).toEqual([]);
    const audit = await auditReleases(
      [first.log, second.log].map((log) => ({
        dimensions: log.structure,
        figures: log.cells.map((c) => ({ key: c.key, published: c.value, count: c.count })),
      })),
      DEFAULT_RULES.protection,
    );
    expect(audit.breaches).toEqual([]);
  });

  it('reads a hierarchy from `parents`, a `;`/`,`/tab delimiter, and a BOM', () => {
    const csv = '\uFEFFnyko,antal\n0101,4\n0102,9\n01,13\n0201,20\n02,20\nKommun,33\n';
    const parsed = parseTable(csv, {
      count: 'antal',
      dimensions: [{ column: 'nyko', parents: { '0101': '01', '0102': '01', '0201': '02', '01': 'Kommun', '02': 'Kommun' } }],
    });
    expect(parsed.table.dimensions[0]?.totals).toHaveLength(3);
    expect(parsed.order).toHaveLength(6);
  });

  it('explains bad input', () => {
    expect(() => parseTable('a;b\n1;2\n', { count: 'antal', dimensions: [{ column: 'a' }] })).toThrow(/no column "antal"/);
    expect(() => parseTable('a;antal\nx;tre\n', { count: 'antal', dimensions: [{ column: 'a' }] })).toThrow(/CSV row 2, antal: "tre"/);
    expect(() => parseTable('a;antal\nx;3\n', { count: 'antal', dimensions: [{ column: 'a', total: 'T' }] })).toThrow(
      /no row with the total code "T"/,
    );
    expect(() => parseTable('a;antal\nx;3\n', { count: 'antal', dimensions: [], extra: 1 })).toThrow(DisclosureInputError);
    expect(parseTotalArgument('område=Totalt')).toEqual({ column: 'område', total: 'Totalt' });
    expect(() => parseTotalArgument('område')).toThrow(/COLUMN=TOTALCODE/);
  });
});
