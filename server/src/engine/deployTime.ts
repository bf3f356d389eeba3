import type { Node } from 'jsonc-parser';

/**
 * A value an infrastructure-as-code template computes only when it deploys: a CloudFormation
 * intrinsic (`!Ref`, `Fn::GetAtt`, `Fn::Sub` with variables, ...) or a Terraform reference or
 * interpolation (`var.x`, `"${aws_s3_bucket.b.arn}/*"`). Adapters build such values as string nodes
 * carrying this mark. Their `value` is the known text with each unknown part written `${...}`, as
 * the template writes it, so the known parts still count (`arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*`
 * is a role ARN pattern) while the unknown parts read like the policy variables rules already
 * leave alone.
 */
export interface DeployTime {
  /** The template's own spelling, for messages: `!Ref BucketArn`, `var.account_id`. */
  source: string;
  /** Some of the text is known (a `Fn::Sub` template, an interpolated string); else all of it is unknown. */
  partial: boolean;
  /**
   * The value may be null, which leaves its element out (a Terraform expression such as
   * `statement.value.not_actions`: a module passes null for the elements a caller leaves unset).
   * A CloudFormation intrinsic is never null.
   */
  mayBeNull?: boolean;
}

/** A parser node an adapter may mark; jsonc-parser's own trees never carry the mark. */
export type MarkedNode = Node & { deployTime?: DeployTime };

export function deployTimeOf(node: Node | undefined): DeployTime | undefined {
  return (node as MarkedNode | undefined)?.deployTime;
}

/** Nothing can be said of the value's content: no syntax check and no catalog lookup applies to it. */
export function isUnknownValue(node: Node | undefined): boolean {
  return deployTimeOf(node) !== undefined;
}

/** An element whose value may be null at deploy time: it may not be in the policy at all. */
export function mayBeAbsent(node: Node | undefined): boolean {
  return deployTimeOf(node)?.mayBeNull === true;
}
