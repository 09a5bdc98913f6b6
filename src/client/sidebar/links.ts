// Where the sidebar's help link points: the project's own docs/metrics.md, as the build resolved it.

/** Replaced at build time (scripts/build.mjs) with the URL of docs/metrics.md in the repository, or ''. */
declare const __METRICS_DOC_URL__: string | undefined;

/**
 * The definitions page, e.g. https://github.com/acme/chatvolt-analytics/blob/HEAD/docs/metrics.md, built from
 * package.json's "repository" (or "homepage"); '' when neither is set — the link then says where the file is.
 */
export const METRICS_DOC_URL: string = typeof __METRICS_DOC_URL__ === 'string' ? __METRICS_DOC_URL__ : '';
