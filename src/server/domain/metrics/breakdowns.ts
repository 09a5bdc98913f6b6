// First-response bands of metrics.md §5: their labels and upper bounds.
/** First-response bands in metrics.md order; upper bounds in seconds (exclusive). */
export const FIRST_RESPONSE_BANDS: ReadonlyArray<readonly [label: string, upTo: number]> = [
  ['< 1 min', 60],
  ['1–5 min', 300],
  ['5–15 min', 900],
  ['15–60 min', 3600],
  ['1–4 h', 14400],
  ['≥ 4 h', Infinity],
];
/** Rows with a customer message but no first response. */
export const NO_RESPONSE_BAND = 'sem resposta';
