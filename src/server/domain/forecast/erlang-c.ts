// Erlang C: probability of waiting, service level and the operators needed per hour for an SLA target.

/** Share of conversations to answer within the SLA target (the classic "80/20" call-centre goal). */
export const TARGET_SERVICE_LEVEL = 0.8;

/**
 * Probability that an arrival waits (Erlang C) with `agents` servers and `traffic` erlangs (arrival rate × mean
 * handling time). Computed through the Erlang B recursion B(k) = A·B(k−1) / (k + A·B(k−1)), which never forms
 * A^N or N! and so stays finite for hundreds of agents. 1 when the queue is unstable (agents ≤ traffic).
 */
export function erlangC(agents: number, traffic: number): number {
  if (traffic <= 0) return 0;
  if (agents <= traffic) return 1;
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
  return (agents * b) / (agents - traffic * (1 - b));
}

/**
 * Share of arrivals answered within `targetSeconds`: 1 − C(N, A) · e^(−(N − A) · T / AHT).
 * @example serviceLevel(14, 10, 20, 180) // ≈ 0.888 (100 arrivals per 30 min, AHT 180 s, 14 agents)
 */
export function serviceLevel(agents: number, traffic: number, targetSeconds: number, handlingSeconds: number): number {
  if (traffic <= 0) return 1;
  if (agents <= traffic) return 0;
  return 1 - erlangC(agents, traffic) * Math.exp((-(agents - traffic) * targetSeconds) / handlingSeconds);
}

/**
 * The fewest operators that answer `target` of the arrivals within `targetSeconds`, for `arrivalsPerHour`
 * arrivals with a mean handling time of `handlingSeconds`. 0 when no arrivals are expected.
 */
export function operatorsNeeded(
  arrivalsPerHour: number,
  handlingSeconds: number,
  targetSeconds: number,
  target = TARGET_SERVICE_LEVEL,
): number {
  if (!(arrivalsPerHour > 0) || !(handlingSeconds > 0)) return 0;
  const traffic = (arrivalsPerHour * handlingSeconds) / 3600;
  // A target of 100 % is never met exactly: cap it so the search ends.
  const goal = Math.min(target, 0.999);
  let agents = Math.max(1, Math.floor(traffic) + 1);
  while (serviceLevel(agents, traffic, targetSeconds, handlingSeconds) < goal) agents++;
  return agents;
}
