/**
 * The AWS SDK prints a multi-line NodeVersionSupportWarning on Node 20, which this CLI supports, at
 * the first client of every AWS command. The SDK's own switch turns off that notice and nothing
 * else (other warnings still print); a user who set the switch keeps their value. Set before any
 * client exists: the SDK reads it when the first client is made.
 */
export function quietNodeVersionNotice(env: NodeJS.ProcessEnv): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
