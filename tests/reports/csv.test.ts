import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, extractCsv, spreadsheetText } from '../../reports/extract/csv.ts';
import { extractExplanationTxt } from '../../reports/extract/explanation.ts';
import type { ViewExtract } from '../../reports/extract/types.ts';
import { expectGolden } from '../helpers/golden.ts';
import { HOSTILE_NAME, sampleExtract } from './sampleExtract.ts';

const decode = (bytes: Uint8Array): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

function parse(bytes: Uint8Array): string[][] {
  const text = decode(bytes).replace(/^\uFEFF/u, '');
  const result = Papa.parse<string[]>(text, { delimiter: ';', newline: '\r\n', skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  return result.data;
}

describe('extractCsv', () => {
  const x = sampleExtract();
  const bytes = extractCsv(x);

  it('matches the golden file byte for byte', () => {
    expectGolden('reports/extract.csv', bytes);
  });

  it('is UTF-8 with BOM, CRLF and ; with the Swedish header', () => {
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = decode(bytes);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/u);
    expect(text.slice(1, text.indexOf('\r\n'))).toBe(
      'Indikator;Indikatorkod;Område;Områdeskod;Nivå;Period;Periodstart;Periodslut;Värde;Status;Förklaring;Underlag;Osäkerhet nedre;Osäkerhet övre',
    );
  });

  it('has one row per cell; suppressed values are .., never 0 or blank; perturbed ones say so', () => {
    const [header, ...rows] = parse(bytes);
    expect(header).toEqual([...CSV_HEADER]);
    expect(rows).toHaveLength(x.cells.length);
    const value = CSV_HEADER.indexOf('Värde');
    const status = CSV_HEADER.indexOf('Status');
    const suppressed = rows.filter((r) => r[status]?.startsWith('skyddad'));
    expect(suppressed.length).toBe(x.cells.filter((c) => c.status.startsWith('suppressed')).length);
    for (const r of suppressed) expect(r[value]).toBe('..');
    expect(rows.filter((r) => r[status] === 'justerad (CKM)')).toHaveLength(x.suppression.perturbed);
    expect(rows.every((r) => r[value] !== '' && r[value] !== undefined)).toBe(true);
  });

  it('writes decimal commas without grouping, shares as percent, ISO dates', () => {
    const rows = parse(bytes).slice(1);
    const share = rows.find((r) => r[1] === 'social.oro.andel' && r[3] === '0999' && r[6] === '2025-01-01');
    expect(share?.[0]).toBe('Barn 0–17 år med orosanmälan, procent');
    expect(share?.[8]).toMatch(/^\d+,\d$/u);
    const cost = rows.find((r) => r[1] === 'bostad.skadegorelse.kostnad' && r[3] === '0999');
    expect(cost?.[8]).toMatch(/^\d{4,}$/u);
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/u.test(r[6] ?? '') && /^\d{4}-\d{2}-\d{2}$/u.test(r[7] ?? ''))).toBe(true);
  });

  it('neutralises the hostile area name and never prints a value that slipped through suppression', () => {
    const leaky: ViewExtract = {
      ...x,
      cells: x.cells.map((c) => (c.status === 'suppressed_primary' ? { ...c, value: 4242, lower: 4240, upper: 4244 } : c)),
    };
    const text = decode(extractCsv(leaky));
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).not.toContain('4242');
    expect(text).not.toContain('4240');
  });
});

describe('CSV injection', () => {
  const LINE_BREAK = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/gu;
  const FORMULA = /^[\t\r\n]|^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;
  const text = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 24 }),
    fc.string({
      unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '\u2028', ';', '"', "'", ' ', '\u00A0', 'a', 'å', '1', '('),
      maxLength: 16,
    }),
    fc
      .tuple(
        fc.string({ maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r', '\u2029'),
        fc.constantFrom('=', '+', '-', '@', ' =', '\t'),
        fc.string({ maxLength: 8 }),
      )
      .map((parts) => parts.join('')),
  );

  it('no text field can start a formula or a new line, and the text survives apart from that', () => {
    const sample = sampleExtract();
    // Two months are enough rows to hit every column; fewer rows keep 200 runs fast.
    const base: ViewExtract = { ...sample, cells: sample.cells.filter((c) => c.period <= '2025-02') };
    fc.assert(
      fc.property(
        fc.array(text, { minLength: base.areas.length, maxLength: base.areas.length }),
        fc.array(text, { minLength: 3, maxLength: 3 }),
        text,
        (names, labels, periodLabel) => {
          const x: ViewExtract = {
            ...base,
            areas: base.areas.map((a, i) => ({ ...a, name: names[i] ?? '' })),
            indicators: base.indicators.map((ind, i) => ({ ...ind, label: labels[i] ?? '' })),
            periods: base.periods.map((p, i) => (i === 0 ? { ...p, label: periodLabel } : p)),
          };
          const bytes = extractCsv(x);
          // Exactly header + one line per cell + the final empty string: nothing broke a line.
          expect(decode(bytes).slice(1).split('\r\n')).toHaveLength(x.cells.length + 2);
          const rows = parse(bytes).slice(1);
          expect(rows).toHaveLength(x.cells.length);
          const areaName = new Map(x.areas.map((a) => [a.code, a.name]));
          const problems: string[] = [];
          for (const row of rows) {
            if (row.length !== CSV_HEADER.length) problems.push(`${row.length} fields: ${JSON.stringify(row)}`);
            for (const i of [0, 1, 2, 3, 5, 6, 7, 9, 10]) {
              const field = row[i] ?? '';
              if (/[\r\n\u2028\u2029]/u.test(field) || FORMULA.test(field))
                problems.push(`unsafe ${CSV_HEADER[i]}: ${JSON.stringify(field)}`);
            }
            const one = (areaName.get(row[3] ?? '') ?? '').replace(LINE_BREAK, ' ');
            if (row[2] !== one && row[2] !== `'${one}`) problems.push(`name changed: ${JSON.stringify([one, row[2]])}`);
          }
          expect(problems).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('leaves ordinary text alone', () => {
    expect(spreadsheetText('Ängby gård')).toBe('Ängby gård');
    expect(spreadsheetText("'citat'")).toBe("'citat'");
    expect(spreadsheetText('=1+1\nfoo')).toBe("'=1+1 foo");
    expect(spreadsheetText('foo\n=1+1')).toBe('foo =1+1');
    expect(spreadsheetText(' @SUM(A1)')).toBe("' @SUM(A1)");
    expect(spreadsheetText('-5')).toBe("'-5");
  });
});

describe('extractExplanationTxt', () => {
  const x = sampleExtract();
  const bytes = extractExplanationTxt(x);
  const text = decode(bytes);

  it('matches the golden file', () => {
    expectGolden('reports/forklaring.txt', bytes);
  });

  it('explains .., CKM, uncertainty and freshness in Swedish, with BOM and CRLF', () => {
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/u);
    expect(text).toContain('Sekretessskydd: vad betyder ..?');
    expect(text).toContain(`färre än ${x.suppression.k} händelser`);
    expect(text).toContain(
      `${x.suppression.suppressedPrimary} värden med primärt skydd och ${x.suppression.suppressedSecondary} med följdskydd`,
    );
    expect(text).toContain('cell key-metoden, CKM');
    expect(text).toContain('rangordna inte områden på enstaka värden');
    expect(text.replace(/\s+/gu, ' ')).toContain(
      'Bostadsbolaget: uppgifter till och med 2025-11-30, senaste leverans 2025-12-04. Saknas för senaste perioden.',
    );
    expect(text).not.toContain(HOSTILE_NAME);
  });
});
