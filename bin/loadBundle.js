'use strict';
// Loads a bundle of dist/ as require() would, but compiled with the V8 code cache the build made
// for it (dist/<bundle>.cache, scripts/lib/codeCache.mjs): V8 then reads the bytecode of the
// functions a small `iamlp check` runs instead of parsing and compiling them, which was about a
// third of the time such a check takes beyond starting node.
//
// V8 checks a cache against its own version and flags, and the source only by its length: a cache
// is used only for the very file it was made from (its size and modification time are in the
// cache's first line), so an edited or rebuilt bundle never runs another one's bytecode. Without a
// usable cache the bundle is compiled from source, as require() does. Nothing here writes a file.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const CACHE_TAG = 'iamlp-code-cache-1';

function cachePathOf(bundle) {
  return `${bundle}.cache`;
}

/** The cache's first line: what it was made with and for. */
function cacheHeader(stats) {
  return `${CACHE_TAG} ${process.version} ${stats.size} ${stats.mtimeMs}\n`;
}

/** The code cache made for exactly this bundle file, or undefined. */
function readCache(bundle, stats) {
  let raw;
  try {
    raw = fs.readFileSync(cachePathOf(bundle));
  } catch {
    return undefined;
  }
  const header = Buffer.from(cacheHeader(stats));
  return raw.length > header.length && raw.subarray(0, header.length).equals(header) ? raw.subarray(header.length) : undefined;
}

/**
 * The bundle's text and what it was when read, from one open file: a bundle replaced between a
 * stat and a read would be matched with the cache of the file it replaced. `steady` is false when
 * the file changed while it was read (a build writing it): its text is then compiled from source.
 */
function readSource(bundle) {
  const fd = fs.openSync(bundle, 'r');
  try {
    const stats = fs.fstatSync(fd);
    const source = fs.readFileSync(fd, 'utf8');
    const after = fs.fstatSync(fd);
    return { stats, source, steady: after.size === stats.size && after.mtimeMs === stats.mtimeMs };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Compiles and runs the bundle as a CommonJS module. Returns its exports, the compiled script
 * (for the build to make a cache from) and whether a cache was used.
 */
function loadBundle(bundle) {
  const { stats, source, steady } = readSource(bundle);
  const cachedData = steady ? readCache(bundle, stats) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const bundleModule = new Module(bundle, module);
  bundleModule.filename = bundle;
  const run = script.runInThisContext();
  run.call(bundleModule.exports, bundleModule.exports, Module.createRequire(bundle), bundleModule, bundle, path.dirname(bundle));
  bundleModule.loaded = true;
  return { exports: bundleModule.exports, script, stats, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** Writes the code cache of a loaded bundle: only the build calls this (scripts/lib/codeCache.mjs). */
function writeCache(bundle, { script, stats }) {
  fs.writeFileSync(cachePathOf(bundle), Buffer.concat([Buffer.from(cacheHeader(stats)), script.createCachedData()]));
}

module.exports = { loadBundle, writeCache, cachePathOf };
