/**
 * The AWS SDK, loaded on its first call rather than with the modules that call it. The extension
 * activates on every JSON, YAML and Terraform file, and most sessions never call AWS: loading the
 * SDK with the rest of the extension was about half of its load time (scripts/bench.mjs, "extension
 * load"). The other modules import the SDK's types only (eslint.config.mjs enforces it); the values
 * they call are those of sdkExports.ts, which the extension's build keeps in a file of its own.
 */
import type * as SdkExports from './sdkExports';

let loaded: typeof SdkExports | undefined;

export function awsSdk(): typeof SdkExports {
  // require() is what defers the loading: an import would load the SDK with this module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./sdkExports') as typeof SdkExports;
  return loaded;
}
