// Test-only channel for slow answers: a server under test announces how long an answer "took" instead of waiting.

/**
 * Response header (lower case) carrying a modelled latency in ms. The local UrlFetchApp adds it to the virtual
 * clock (a fetchAll costs the longest of its answers), turns a latency at or past the request timeout into Apps
 * Script's "Timeout" error, and removes the header before the script sees the response: the add-on's bundle can
 * never depend on it. The fake Chatvolt sets it for `latencyMs` faults.
 */
export const MODELLED_LATENCY_HEADER = 'x-local-runtime-latency-ms';
