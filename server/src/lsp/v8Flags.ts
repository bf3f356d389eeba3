/**
 * The V8 settings the language server process runs with: the client passes them as `execArgv`, and
 * `npm run bench` measures the engine under them.
 *
 * Every analysis builds a tree and a model of the whole document and drops them as soon as the
 * diagnostics are sent. Under Node's defaults that pattern goes badly on large documents: the
 * young generation (16 MB semi-spaces) fills in the middle of an analysis and copies every live
 * node, and V8's allocation-site pretenuring, seeing nodes survive those copies, starts placing
 * them in the old generation, whose collections then cost more than the analysis. A 64 MB
 * semi-space holds a whole 1 MB policy's analysis, and without pretenuring its garbage dies young.
 * Semi-spaces are committed as they fill, so small documents cost no memory for it.
 */
export const LANGUAGE_SERVER_V8_FLAGS: readonly string[] = ['--max-semi-space-size=64', '--no-allocation-site-pretenuring'];
