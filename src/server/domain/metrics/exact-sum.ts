// Order-independent sums: the exactly rounded total of any multiset of numbers, so partial sums merge exactly.
//
// Why: a refresh adds the stored totals of the rows that no longer change to those of the recent rows
// (dashboard-part.ts). A plain floating-point sum depends on the order of its terms (0.1 + 0.2 + 0.3 ≠ 0.3 + 0.2 + 0.1
// in the last bit), so the merged figure could differ from a full read's in the last digit. These sums keep every
// term exactly (Shewchuk's non-overlapping partials, as Python's math.fsum) and round once at the end: whatever the
// order or the split, the same multiset gives the same number.

/**
 * 2^52: integers below it go to the integer lane, and a lane at or past it is moved into the partials — lane plus
 * integer then stays below 2^53, where every integer is exact.
 */
const INTEGER_LANE_LIMIT = 4_503_599_627_370_496;
/** Veltkamp's splitter for doubles (2^27 + 1): splits a double into two halves whose products are exact. */
const SPLITTER = 134_217_729;

/** Adds `x` exactly to non-overlapping partials, in place (Shewchuk's algorithm). */
function addPartial(partials: number[], value: number): void {
  let x = value;
  let kept = 0;
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j] as number;
    if (Math.abs(x) < Math.abs(y)) {
      const swap = x;
      x = y;
      y = swap;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[kept++] = lo;
    x = hi;
  }
  partials.length = kept;
  partials.push(x);
}

/** The exactly rounded total of non-overlapping partials (math.fsum's final step, with its half-way correction). */
function roundPartials(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n] as number;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n] as number;
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && (partials[n - 1] as number) < 0) || (lo > 0 && (partials[n - 1] as number) > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}

/** A sum of numbers whose result does not depend on the order they were added in (see the file header). */
export class ExactSum {
  /** Small integers, summed exactly as they come (the common case: seconds, scores). */
  private integers = 0;
  /** Everything else, exactly, as non-overlapping partials. */
  private readonly partials: number[] = [];

  add(value: number): void {
    if (Number.isInteger(value) && value < INTEGER_LANE_LIMIT && value > -INTEGER_LANE_LIMIT) {
      this.integers += value;
      if (this.integers >= INTEGER_LANE_LIMIT || this.integers <= -INTEGER_LANE_LIMIT) this.spill();
    } else {
      addPartial(this.partials, value);
    }
  }

  /** Adds `x × y` exactly (both halves of the product when it is not exact in one double). */
  addProduct(x: number, y: number): void {
    const product = x * y;
    if (Number.isInteger(x) && Number.isInteger(y) && Math.abs(product) < INTEGER_LANE_LIMIT) {
      this.add(product);
      return;
    }
    // Dekker's two-product: product + error = x × y exactly.
    const cx = SPLITTER * x;
    const xHi = cx - (cx - x);
    const xLo = x - xHi;
    const cy = SPLITTER * y;
    const yHi = cy - (cy - y);
    const yLo = y - yHi;
    const error = xHi * yHi - product + xHi * yLo + xLo * yHi + xLo * yLo;
    addPartial(this.partials, product);
    if (error !== 0) addPartial(this.partials, error);
  }

  /** Adds another sum's terms (exact: the result is as if every term had been added here). */
  merge(other: ExactSum): void {
    for (const partial of other.partials) addPartial(this.partials, partial);
    this.integers += other.integers;
    if (this.integers >= INTEGER_LANE_LIMIT || this.integers <= -INTEGER_LANE_LIMIT) this.spill();
  }

  /** The exactly rounded total (a zero total is +0, as a plain sum starting from 0 gives). */
  value(): number {
    let total: number;
    if (this.partials.length === 0) total = this.integers;
    else if (this.integers === 0) total = roundPartials(this.partials);
    else {
      const all = this.partials.slice();
      addPartial(all, this.integers);
      total = roundPartials(all);
    }
    return total === 0 ? 0 : total;
  }

  /** The exact terms, for storage: `ExactSum.of(sum.terms())` is the same sum. */
  terms(): number[] {
    return this.integers === 0 ? this.partials.slice() : [...this.partials, this.integers];
  }

  /** A sum holding exactly the given terms. */
  static of(terms: readonly number[]): ExactSum {
    const sum = new ExactSum();
    for (const term of terms) addPartial(sum.partials, term);
    return sum;
  }

  private spill(): void {
    addPartial(this.partials, this.integers);
    this.integers = 0;
  }
}

/** Sums for the Pearson correlation of pairs (x, y), mergeable (see `pearsonOfSums`). */
export interface PairSums {
  n: number;
  x: ExactSum;
  y: ExactSum;
  xx: ExactSum;
  yy: ExactSum;
  xy: ExactSum;
  /** Smallest and largest x and y seen (a constant side has no correlation). */
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export function emptyPairSums(): PairSums {
  return { n: 0, x: new ExactSum(), y: new ExactSum(), xx: new ExactSum(), yy: new ExactSum(), xy: new ExactSum(), minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
}

export function addPair(sums: PairSums, x: number, y: number): void {
  sums.n++;
  sums.x.add(x);
  sums.y.add(y);
  sums.xx.addProduct(x, x);
  sums.yy.addProduct(y, y);
  sums.xy.addProduct(x, y);
  if (x < sums.minX) sums.minX = x;
  if (x > sums.maxX) sums.maxX = x;
  if (y < sums.minY) sums.minY = y;
  if (y > sums.maxY) sums.maxY = y;
}

export function mergePairSums(into: PairSums, other: PairSums): void {
  into.n += other.n;
  into.x.merge(other.x);
  into.y.merge(other.y);
  into.xx.merge(other.xx);
  into.yy.merge(other.yy);
  into.xy.merge(other.xy);
  into.minX = Math.min(into.minX, other.minX);
  into.maxX = Math.max(into.maxX, other.maxX);
  into.minY = Math.min(into.minY, other.minY);
  into.maxY = Math.max(into.maxY, other.maxY);
}

/** n·Σab − Σa·Σb, rounded once (the co-moment scaled by n², from the rounded sums). */
function scaledComoment(n: number, ab: number, a: number, b: number): number {
  const sum = new ExactSum();
  sum.addProduct(n, ab);
  sum.addProduct(-a, b);
  return sum.value();
}

/**
 * Pearson correlation from the sums: null when n < 3, when either side is constant, or when a variance rounds to 0.
 * A function of the exactly rounded sums only, so any split of the pairs gives the same value.
 */
export function pearsonOfSums(sums: PairSums): number | null {
  if (sums.n < 3 || sums.minX === sums.maxX || sums.minY === sums.maxY) return null;
  const x = sums.x.value();
  const y = sums.y.value();
  const vx = scaledComoment(sums.n, sums.xx.value(), x, x);
  const vy = scaledComoment(sums.n, sums.yy.value(), y, y);
  if (!(vx > 0) || !(vy > 0)) return null;
  const r = scaledComoment(sums.n, sums.xy.value(), x, y) / Math.sqrt(vx) / Math.sqrt(vy);
  // Rounding can push |r| a hair past 1 for perfectly linear data.
  return Math.max(-1, Math.min(1, r));
}
