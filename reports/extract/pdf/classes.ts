/**
 * Equal-count classes for the choropleth: about as many areas in each class, so one extreme area does not push all
 * the others into the same colour. Each class is labelled with the smallest and largest value actually in it.
 */
export interface ValueClass {
  min: number;
  max: number;
}

export function equalCountClasses(values: readonly number[], maxClasses: number): ValueClass[] {
  const sorted = [...values].sort((a, b) => a - b);
  const distinct = new Set(sorted).size;
  const count = Math.min(maxClasses, distinct);
  const classes: ValueClass[] = [];
  let from = 0;
  for (let c = 1; c <= count && from < sorted.length; c++) {
    let to = Math.ceil((c * sorted.length) / count) - 1;
    // Equal values belong in one class, whatever the counts say.
    while (to + 1 < sorted.length && sorted[to + 1] === sorted[to]) to++;
    const min = sorted[from];
    const max = sorted[to];
    if (min !== undefined && max !== undefined && to >= from) classes.push({ min, max });
    from = to + 1;
  }
  return classes;
}

/** The class a value falls in (classes from equalCountClasses are sorted and do not overlap). */
export const classOf = (classes: readonly ValueClass[], value: number): number => {
  const i = classes.findIndex((c) => value <= c.max);
  return i === -1 ? classes.length - 1 : i;
};

/** ColorBrewer's sequential blues, for 1 to 5 classes. */
const BLUES: Record<number, string[]> = {
  1: ['#6baed6'],
  2: ['#bdd7e7', '#3182bd'],
  3: ['#deebf7', '#9ecae1', '#3182bd'],
  4: ['#eff3ff', '#bdd7e7', '#6baed6', '#2171b5'],
  5: ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'],
};

export const palette = (count: number): string[] => BLUES[Math.min(5, Math.max(1, count))] ?? [];
