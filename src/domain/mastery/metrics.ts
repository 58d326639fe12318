/**
 * Prediction metrics over observed rows (missing answers are left out by the caller).
 */

export const METRICS = ['auc', 'rmse', 'accuracy', 'logloss'] as const;
export type Metric = (typeof METRICS)[number];

/** Area under the ROC curve (Mann-Whitney, ties get average ranks); NaN with one class only. */
export function auc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const n = y.length;
  const idx = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (p[a] as number) - (p[b] as number));
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && p[idx[j + 1] as number] === p[idx[i] as number]) j++;
    const avg = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) {
      if (y[idx[k] as number] === 1) {
        pos++;
        rankSum += avg;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function rmse(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += ((y[i] as number) - (p[i] as number)) ** 2;
  return Math.sqrt(s / y.length);
}

/** Share of rows where (p >= 0.5) equals the answer. */
export function accuracy(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += ((p[i] as number) >= 0.5 ? 1 : 0) === y[i] ? 1 : 0;
  return s / y.length;
}

/** Mean negative log-likelihood, probabilities clipped to [1e-15, 1 - 1e-15]. */
export function logloss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i] as number));
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / y.length;
}

/** Compute the named metrics, in the order asked. */
export function computeMetrics(names: readonly Metric[], y: ArrayLike<number>, p: ArrayLike<number>): Record<string, number> {
  const fns: Record<Metric, (y: ArrayLike<number>, p: ArrayLike<number>) => number> = { auc, rmse, accuracy, logloss };
  const out: Record<string, number> = {};
  for (const m of names) out[m] = fns[m](y, p);
  return out;
}
