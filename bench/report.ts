/**
 * The benchmark's report: a plain-text table for people and the same figures as JSON (`--json`) for comparing runs.
 * A figure is ours against a baseline measured in the same run; the target column quotes the issue and is never
 * checked here (the machine decides absolute speed, the ratio is what carries over).
 */
export interface Figure {
  label: string;
  unit: 's' | 'MiB' | '%' | 'rows/s' | '';
  ours: number | null;
  baseline: number | null;
  /** ours / baseline, when both exist. */
  ratio: number | null;
  target: string | null;
}

export interface Section {
  id: number;
  title: string;
  figures: Figure[];
  notes: string[];
  /** A preformatted block printed as it is (the early-warning table). */
  text: string | null;
  /** Structured extras for the JSON output only. */
  data: Record<string, unknown>;
  error: string | null;
  seconds: number;
}

export interface Report {
  scale: string;
  startedAt: string;
  node: string;
  cpus: number;
  totalSeconds: number;
  sections: Section[];
}

export function figure(
  label: string,
  unit: Figure['unit'],
  ours: number | null,
  baseline: number | null = null,
  target: string | null = null,
): Figure {
  const ratio = ours !== null && baseline !== null && baseline > 0 && Number.isFinite(ours) ? ours / baseline : null;
  return { label, unit, ours, baseline, ratio, target };
}

function value(v: number | null, unit: Figure['unit']): string {
  if (v === null || !Number.isFinite(v)) return '';
  if (unit === 's')
    return v >= 100
      ? `${v.toFixed(0)} s`
      : v >= 10
        ? `${v.toFixed(1)} s`
        : v >= 0.1
          ? `${v.toFixed(2)} s`
          : `${(v * 1000).toFixed(v >= 0.001 ? 1 : 3)} ms`;
  if (unit === 'MiB') return `${v.toFixed(0)} MiB`;
  if (unit === '%') return `${v.toFixed(1)} %`;
  if (unit === 'rows/s') return `${Math.round(v).toLocaleString('en-US').replaceAll(',', ' ')}/s`;
  return String(v);
}

function ratioText(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return '';
  return r >= 100 ? `${r.toFixed(0)}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`;
}

const LABEL = 60;

export function formatReport(report: Report): string {
  const lines = [
    `Lägesbild benchmark — scale ${report.scale}, node ${report.node}, ${report.cpus} CPUs, started ${report.startedAt}, ${report.totalSeconds.toFixed(0)} s in all`,
    `Ratios are ours / baseline, both measured in this run. Targets are quoted from the issue, not checked.`,
    '',
  ];
  for (const s of report.sections) {
    lines.push(`${s.id}. ${s.title}  (${s.seconds.toFixed(0)} s)`);
    if (s.figures.length > 0) {
      lines.push(`   ${'figure'.padEnd(LABEL)} ${'ours'.padStart(11)} ${'baseline'.padStart(11)} ${'ratio'.padStart(8)}   target`);
      for (const f of s.figures) {
        lines.push(
          `   ${f.label.padEnd(LABEL)} ${value(f.ours, f.unit).padStart(11)} ${value(f.baseline, f.unit).padStart(11)} ${ratioText(f.ratio).padStart(8)}   ${f.target ?? ''}`.trimEnd(),
        );
      }
    }
    if (s.text) lines.push(...s.text.split('\n').map((l) => `   ${l}`));
    for (const n of s.notes) lines.push(`   · ${n}`);
    if (s.error) lines.push(`   NOT MEASURED: ${s.error}`);
    lines.push('');
  }
  return lines.join('\n');
}
