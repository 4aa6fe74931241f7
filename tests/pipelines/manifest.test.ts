/**
 * The manifest of a view extract against a golden file: what a recipient (and an auditor) reads to know which
 * files belong to the extract, what they were built from and how much was hidden. The clock, the registers and the
 * delivery are the test's own, so the manifest is reproducible: only the run id, which counts the ledger's runs
 * and says nothing about the extract, is normalised. Every checksum is kept, so a change to any file of the
 * extract shows here as well as in its own test (the Parquet file names the DuckDB build that wrote it, and the PDF
 * is pdfkit's drawing: upgrading either changes this golden file, deliberately).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { produceExtract, type ProducedExtract } from '../../pipelines/extract.ts';
import { publish } from '../../pipelines/publish.ts';
import { withRun } from '../../pipelines/run.ts';
import { expectGolden } from '../helpers/golden.ts';
import { tinyWorkspace } from '../helpers/tinyMunicipality.ts';

const STORM_HEADER =
  'Händelsenummer;Registrerad;Händelsetyp;Händelseplats;Kommun;X-koordinat;Y-koordinat;Prioritet;Anmälan upprättad;Sammanfattning';
const TYPES = ['Ordningsstörning', 'Bråk', 'Skadegörelse', 'Brand', 'Misshandel', 'Stöld/tillgrepp'];
const STREETS = ['Storgatan', 'Kungsgatan', 'Ronnavägen'];

/** Two months of STORM events, more in Ronna than in the centre, so some cells are published and some hidden. */
function storm(): string {
  const rows: string[] = [];
  for (let i = 0; i < 60; i++) {
    const month = i % 2 === 0 ? '11' : '12';
    const street = STREETS[i % 7 < 4 ? 2 : i % 7 < 6 ? 0 : 1] ?? '';
    const day = String(1 + (i % 28)).padStart(2, '0');
    const time = `${String(8 + (i % 14)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`;
    rows.push(
      `2025${String(100000 + i)};2025-${month}-${day} ${time};${TYPES[i % TYPES.length]};${street} ${1 + (i % 20)};Demostad;;;1;Nej;`,
    );
  }
  return `\uFEFF${STORM_HEADER}\r\n${rows.join('\r\n')}\r\n`;
}

interface Manifest {
  runId: string;
  files: { name: string; sha256: string; bytes: number }[];
}

/** Only what legitimately varies between equal inputs is replaced; the rest of the manifest is compared as written. */
function normalised(text: string): string {
  const manifest = JSON.parse(text) as Manifest;
  expect(manifest.runId).toMatch(/^K\d{5}$/u);
  return `${JSON.stringify({ ...manifest, runId: '<körnings-id>' }, null, 2)}\n`;
}

describe('extract manifest', () => {
  it('matches the golden file, and its checksums match the files beside it', async () => {
    const t = await tinyWorkspace();
    t.deliver('polis', 'STORM_2025-11_2025-12.csv', storm());
    const summary = await t.ingest();
    expect(summary.outcomes.map((o) => o.status)).toEqual(['loaded']);
    let produced: ProducedExtract | undefined;
    await withRun(t.ws, 'run', t.effects, async ({ lager, runId }) => {
      await publish(t.ws, lager.connection, { asOf: '2026-01-01', runId }, t.effects);
      produced = await produceExtract(t.ws, lager.connection, {
        viewName: 'gemensam_lagesbild',
        dueDate: '2026-01-01',
        asOf: '2026-01-01',
        now: new Date('2026-01-01T05:00:00Z'),
        runId,
      });
      return { changed: false };
    });
    const dir = produced?.directory ?? '';
    const text = readFileSync(join(dir, 'manifest.json'), 'utf8');
    const manifest = JSON.parse(text) as Manifest;
    expect(manifest.files.map((f) => f.name)).toEqual([
      'gemensam_lagesbild.csv',
      'forklaring.txt',
      'gemensam_lagesbild.pdf',
      'gemensam_lagesbild.geojson',
      'gemensam_lagesbild.wgs84.geojson',
      'gemensam_lagesbild.parquet',
    ]);
    for (const f of manifest.files) {
      const bytes = readFileSync(join(dir, f.name));
      expect(createHash('sha256').update(bytes).digest('hex'), f.name).toBe(f.sha256);
      expect(bytes.length, f.name).toBe(f.bytes);
    }
    // The count with a population denominator brought its published rate along from the publication layer.
    const geojson = JSON.parse(readFileSync(join(dir, 'gemensam_lagesbild.geojson'), 'utf8')) as {
      features: { properties: Record<string, unknown> }[];
    };
    expect(geojson.features.map((f) => f.properties['polis.storm.total__rate_status'])).toEqual(
      geojson.features.map((f) => (f.properties['polis.storm.total'] === null ? expect.stringMatching(/^suppressed/u) : 'published')),
    );
    expect(geojson.features.some((f) => typeof f.properties['polis.storm.total__rate'] === 'number')).toBe(true);
    expectGolden('pipelines/manifest.json', normalised(text));
  }, 60_000);
});
