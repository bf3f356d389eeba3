/**
 * Every value of the AWS SDK the AWS layer uses, and nothing else: what server/src/aws/sdk.ts loads
 * on first use. The extension's build bundles this module alone as dist/vendor-aws-sdk.js, so the
 * SDK is read and compiled only when an AWS feature first runs (scripts/build.mjs); naming the
 * values keeps that bundle to the few commands called, not the services' hundreds.
 */
export { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
export { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
export { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
export { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
