import type { Node } from 'jsonc-parser';
import type { DocumentKind } from '../engine/model';
import type { AwsManagedAttachment } from './principalAttachments';

export type PolicyKind = Exclude<DocumentKind, 'none'>;

/** The formats whose files may hold policies; each has one adapter under iac/. */
export type HostFormat = 'cloudformation-json' | 'cloudformation-yaml' | 'terraform' | 'terraform-json' | 'terraform-plan';

/**
 * How a quick fix's edit is written back into the host file:
 * - `json`: the policy is JSON text inside the file (a CloudFormation JSON template, a heredoc, a
 *   file() target), so the engine's JSON edits apply as they are;
 * - `yaml`: the policy is YAML (block or flow); iac/yaml/yamlEdits.ts renders the edits;
 * - `hcl-object`: HCL object syntax inside `jsonencode(...)`, which also reads `"key": value`,
 *   commas and brackets, so the engine's JSON edits apply there too;
 * - `read-only`: the policy is not JSON-like text (a `data "aws_iam_policy_document"` block):
 *   only edits that replace one string token with another apply, and the `statement` and
 *   `condition` blocks engine/hclBlockLayout.ts writes (the IAM-write Deny, the ExternalId);
 * - `none`: the policy is a JSON string inside the host (its nodes are all placed on the string):
 *   no edit applies.
 */
export type EditSyntax = 'json' | 'yaml' | 'hcl-object' | 'read-only' | 'none';

/**
 * One policy an adapter found in a host file. Its trees are jsonc-parser-shaped nodes (object,
 * array, property, string, number, boolean, null; parent links; offset and length) whose offsets
 * are positions in the host file's text, built from the host parser's own positions. Values
 * known only at deploy time are string nodes marked by engine/deployTime.ts.
 */
export interface HostPolicy {
  /**
   * The slot a person would search for: `Resources.AuditorRole.Properties.AssumeRolePolicyDocument`,
   * `aws_iam_role.auditor.assume_role_policy`, `data.aws_iam_policy_document.writer`.
   */
  locator: string;
  /** From the slot, not from the content: trust for AssumeRolePolicyDocument/assume_role_policy, etc. */
  kind: PolicyKind;
  /**
   * One tree per combination of the template's conditions (`Fn::If`, a conditional expression),
   * the first being the one without choices where there is none: every variant is analysed and
   * what any of them grants is reported. Usually one.
   */
  variants: Node[];
  /** The resource holding the policy, as a logical location: `AuditorRole`, `aws_iam_role.auditor`. */
  resource: string;
  /** A name for messages when the template has a better one than `resource` (CDK's `aws:cdk:path`). */
  construct?: string;
  edits: EditSyntax;
  /**
   * For an identity policy: the principals of the template (logical ids, resource addresses) it is
   * attached to, whose other policies are judged with it (engine/principalScope.ts).
   */
  attachedTo?: string[];
  /**
   * For a policy written as a JSON string whose inner positions are not the host's (`edits: 'none'`):
   * the string's span, on which every finding is placed.
   */
  placedOn?: { offset: number; length: number };
  /**
   * The variants' root spans, when a reader knows them without the trees: a policy an edit before
   * it moved builds its moved trees on first read of `variants` (iac/movedPolicy.ts).
   */
  spans?: ReadonlyArray<{ offset: number; length: number }>;
}

/** A host file that could not be read as what it claims to be (the `invalid-template` finding). */
export interface HostError {
  message: string;
  offset: number;
  length: number;
}

export interface HostParse {
  format: HostFormat;
  policies: HostPolicy[];
  errors: HostError[];
  /**
   * Other policy files the template points at (Terraform `file("policy.json")`,
   * `templatefile(...)`), resolved against the template's folder, with the kind of their slot.
   */
  referencedFiles: Array<{ path: string; kind: PolicyKind; locator: string; offset: number; length: number }>;
  /**
   * The AWS managed policies each principal of the template holds (`ManagedPolicyArns`, SAM
   * `Policies` names, Terraform's `policy_arn`), by the principal's name as `attachedTo` gives it:
   * judged with the principal's own policies (catalog/awsManagedPolicies.ts).
   */
  awsManagedPolicies?: ReadonlyMap<string, readonly string[]>;
  /** Where the template attaches each of them (for `iamlp diff`, which compares them as policies). */
  awsManagedAttachments?: readonly AwsManagedAttachment[];
}
