/**
 * The IAM policy simulator, and only its read-only call, iam:SimulatePrincipalPolicy: verifying least
 * privilege must never be able to change what it verifies. Failures are AwsFailure sentences (service iam).
 */
import type { IAMClient, SimulatePrincipalPolicyCommandOutput } from '@aws-sdk/client-iam';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { applyCallLimits, CallLimits, requestHandlerOptions } from './callLimits';
import { AwsFailure, classifyAwsError, toAwsFailure } from './errors';
import { awsSdk } from './sdk';

export type SimulationDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface SimulatedAction {
  action: string;
  decision: SimulationDecision;
  /** The policies whose statements decided it (SourcePolicyId), when IAM names them. */
  matchedPolicies: string[];
  /** Context keys a Condition needed that the simulation did not supply. */
  missingContextValues: string[];
}

export interface IamClientOptions {
  credentials: AwsCredentialIdentityProvider | AwsCredentialIdentity;
  region?: string;
  endpoint?: string;
  /** Timeouts and cancellation (callLimits.ts); the defaults apply when absent. */
  limits?: CallLimits;
}

/**
 * The SDK's own retries are off: simulatePrincipalPolicy retries throttling itself, so tests and users
 * see one retry policy.
 */
export function createIamClient(options: IamClientOptions): IAMClient {
  const client = new (awsSdk().IAMClient)({
    // IAM's endpoint is global and signs in us-east-1 (aws-cn and aws-us-gov have their own).
    region: options.region && /^(cn|us-gov)-/.test(options.region) ? options.region : 'us-east-1',
    credentials: options.credentials,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 1,
    requestHandler: requestHandlerOptions(options.limits),
  });
  return applyCallLimits(client, options.limits);
}

export interface SimulateOptions {
  principalArn: string;
  actions: readonly string[];
  /** ActionNames per call (default 25). */
  batchSize?: number;
  /** Retries of a throttled call (default 5). */
  maxRetries?: number;
  /** Base backoff in ms, doubled each retry, with jitter (default 250). */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called after each page with the number of actions evaluated so far. */
  onProgress?: (done: number, total: number) => void;
  /** For error sentences. */
  profile?: string;
  endpoint?: string;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An ARN SimulatePrincipalPolicy accepts: user, group or role. A role session becomes its role (without path). */
export function policySourceArn(arn: string): string {
  const session = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn.trim());
  if (session) return `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`;
  return arn.trim();
}

/** Why `arn` cannot be simulated, or undefined. */
export function principalArnProblem(arn: string): string | undefined {
  const source = policySourceArn(arn);
  if (!/^arn:[\w-]+:iam::\d{12}:(user|group|role)\/.+/.test(source)) {
    return `"${arn}" is not the ARN of an IAM user, group or role (e.g. arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor)`;
  }
  return undefined;
}

function isDecision(value: string | undefined): value is SimulationDecision {
  return value === 'allowed' || value === 'explicitDeny' || value === 'implicitDeny';
}

/**
 * One result per requested action, in the order asked. A call takes a limited number of ActionNames
 * and may answer in pages, so the actions go in batches and each batch follows Marker while
 * IsTruncated; a long run is paced by retrying throttled calls with exponential backoff.
 */
export async function simulatePrincipalPolicy(client: IAMClient, options: SimulateOptions): Promise<SimulatedAction[]> {
  const problem = principalArnProblem(options.principalArn);
  if (problem) throw new AwsFailure(`${problem}.`, 'validation', 'InvalidInput');
  const principal = policySourceArn(options.principalArn);
  const batchSize = Math.max(1, options.batchSize ?? 25);
  const maxRetries = options.maxRetries ?? 5;
  const backoff = options.backoffMs ?? 250;
  const sleep = options.sleep ?? delay;
  const actions = [...new Set(options.actions)];
  const byAction = new Map<string, SimulatedAction>();
  const context = { service: 'iam', operation: 'SimulatePrincipalPolicy', profile: options.profile, endpoint: options.endpoint };

  async function send(names: string[], marker: string | undefined): Promise<SimulatePrincipalPolicyCommandOutput> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await client.send(
          new (awsSdk().SimulatePrincipalPolicyCommand)({
            PolicySourceArn: principal,
            ActionNames: names,
            ...(marker ? { Marker: marker } : {}),
          }),
        );
      } catch (err) {
        if (classifyAwsError(err) === 'throttled' && attempt < maxRetries) {
          await sleep(backoff * 2 ** attempt * (1 + Math.random() * 0.25));
          continue;
        }
        const failure = toAwsFailure(err, context);
        if (failure.kind === 'access-denied') {
          throw new AwsFailure(
            `${failure.message.replace(/\.$/, '')}: the credentials need iam:SimulatePrincipalPolicy on ${principal} (the auditor role and the ReadOnly policy grant it).`,
            failure.kind,
            failure.code,
          );
        }
        throw failure;
      }
    }
  }

  for (let i = 0; i < actions.length; i += batchSize) {
    const names = actions.slice(i, i + batchSize);
    let marker: string | undefined;
    const seenMarkers = new Set<string>();
    do {
      const out = await send(names, marker);
      for (const r of out.EvaluationResults ?? []) {
        if (!r.EvalActionName) continue;
        const decision = r.EvalDecision;
        if (!isDecision(decision)) {
          throw new AwsFailure(
            `SimulatePrincipalPolicy returned an unknown decision "${decision}" for ${r.EvalActionName}.`,
            'unknown',
            'UnknownDecision',
          );
        }
        // Several resources could be evaluated per action; any allowed or denied wins over implicit.
        const previous = byAction.get(r.EvalActionName.toLowerCase());
        const rank = (d: SimulationDecision) => (d === 'explicitDeny' ? 2 : d === 'allowed' ? 1 : 0);
        if (previous && rank(previous.decision) >= rank(decision)) continue;
        byAction.set(r.EvalActionName.toLowerCase(), {
          action: r.EvalActionName,
          decision,
          matchedPolicies: [...new Set((r.MatchedStatements ?? []).map((s) => s.SourcePolicyId).filter((id): id is string => !!id))],
          missingContextValues: r.MissingContextValues ?? [],
        });
      }
      marker = out.IsTruncated ? out.Marker : undefined;
      if (out.IsTruncated && !marker)
        throw new AwsFailure(
          'SimulatePrincipalPolicy said the results were truncated but gave no Marker.',
          'unknown',
          'IncompleteResponse',
        );
      if (marker && seenMarkers.has(marker))
        throw new AwsFailure('SimulatePrincipalPolicy returned the same Marker twice.', 'unknown', 'IncompleteResponse');
      if (marker) seenMarkers.add(marker);
    } while (marker);
    options.onProgress?.(Math.min(i + batchSize, actions.length), actions.length);
  }

  return actions.map((action) => {
    const result = byAction.get(action.toLowerCase());
    if (!result) throw new AwsFailure(`SimulatePrincipalPolicy returned no result for ${action}.`, 'unknown', 'IncompleteResponse');
    return { ...result, action };
  });
}
