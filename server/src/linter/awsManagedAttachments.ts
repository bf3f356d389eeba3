import { Node, parseTree } from 'jsonc-parser';
import { awsManagedPolicy } from '../catalog/awsManagedPolicies';
import type { Catalog } from '../catalog/catalog';
import { AnalysisResult, AnalyzeOptions, analyzeEmbedded } from '../engine/analyze';
import type { PolicyDocument } from '../engine/model';
import { readPolicy } from '../engine/parse';
import type { LineIndex } from '../engine/lineIndex';
import { PrincipalScope, anyOtherPolicies, describeSources } from '../engine/principalScope';
import type { Finding } from '../engine/rule';
import type { SuppressedFinding } from '../engine/suppressions';
import type { AwsManagedAttachment } from '../iac/principalAttachments';
import { allRules } from '../rules';
import { movedFinding, scopeSignature } from './policyReuse';

/**
 * An AWS managed policy a template attaches (`ManagedPolicyArns`, SAM `Policies`, Terraform's
 * `policy_arn`) grants its principal everything it allows, as a policy written in the template
 * would: AdministratorAccess on a role is administrator access. Each place that attaches one is
 * judged as an identity policy of the principals holding it, by the rules that say what a policy
 * grants (`meta.judgesAwsManaged`), and their findings are placed on the ARN or name there: the
 * one thing in the file the user can change. The rules about how a policy is written do not
 * apply: AWS's text is not the user's to edit, and neither are fixes offered for it.
 */
export interface AttachmentAnalysis {
  /** `AWS managed policy AdministratorAccess on DeployRole`: a result's `policy` in the CLI's output. */
  locator: string;
  /** The policy's path and name after `policy/`, as AWS knows it. */
  path: string;
  /** The principals it is attached to at this place (a Terraform policy attachment names several). */
  principals: string[];
  offset: number;
  length: number;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  ruleErrors: AnalysisResult['ruleErrors'];
  /** AWS's document as the analysis read it, every node placed on the attachment (SARIF reads it). */
  readonly document: PolicyDocument;
  /** What its findings depend on, its position aside: an equal one in the next version keeps them. */
  signature: string;
}

const JUDGING_RULES = allRules.filter((rule) => rule.meta.judgesAwsManaged);

/** Each AWS managed policy's parse tree, read once for the life of the process, by its text. */
const trees = new Map<string, Node | null>();

function treeOf(text: string): Node | undefined {
  let tree = trees.get(text);
  if (tree === undefined) trees.set(text, (tree = parseTree(text) ?? null));
  return tree ?? undefined;
}

/**
 * An AWS managed policy's document as the template that attaches it holds it: every node is placed
 * on the ARN or name that attaches it, so that whatever is said of any of its statements points
 * there (and `iamlp diff` pairs two versions that attach it by the same text). Undefined for a
 * document that does not parse.
 */
export function pinnedAwsManagedTree(managedText: string, at: { offset: number; length: number }): Node | undefined {
  const root = treeOf(managedText);
  if (!root) return undefined;
  const pinned = (node: Node, parent: Node | undefined): Node => {
    const copy: { -readonly [K in keyof Node]: Node[K] } = {
      type: node.type,
      offset: at.offset,
      length: at.length,
      value: node.value,
      parent,
    };
    if (node.children) copy.children = node.children.map((child) => pinned(child, copy));
    return copy;
  };
  return pinned(root, undefined);
}

/**
 * Judges every place a template attaches an AWS managed policy AWS publishes (an unknown name is
 * not judged: `iamlp diff` and the scopes skip it alike). `scopeOf(holder, path)` gives a holder's
 * other policies in the template, without this one. As for the template's own policies, the
 * holders are judged together when any of them has another policy, each of them included.
 */
export function judgeAwsManagedAttachments(
  attachments: readonly AwsManagedAttachment[],
  template: { text: string; lines: LineIndex; catalog: Catalog },
  scopeOf: (holder: string, path: string) => PrincipalScope,
  optionsFor: (locator: string) => AnalyzeOptions,
  previous?: readonly AttachmentAnalysis[],
): AttachmentAnalysis[] {
  // The language server analyses a template again after each edit: an attachment whose policy,
  // principals and their other policies are unchanged keeps its findings, moved with its text.
  const earlier = previous && new Map(previous.map((a) => [a.signature, a]));
  // One place may attach a policy to several principals (Terraform's aws_iam_policy_attachment):
  // one analysis for all of them, so that the editor shows each finding there once.
  const places = new Map<string, { attachment: AwsManagedAttachment; principals: string[]; holders: Set<string> }>();
  for (const attachment of attachments) {
    const key = `${attachment.offset}:${attachment.length}:${attachment.path}`;
    const place = places.get(key);
    if (!place) places.set(key, { attachment, principals: [attachment.principal], holders: new Set(attachment.heldBy) });
    else {
      if (!place.principals.includes(attachment.principal)) place.principals.push(attachment.principal);
      for (const holder of attachment.heldBy) place.holders.add(holder);
    }
  }
  const judged: AttachmentAnalysis[] = [];
  for (const { attachment, principals, holders } of places.values()) {
    const managed = awsManagedPolicy(template.catalog, attachment.path);
    if (!managed || !treeOf(managed.text)) continue;
    // Placed on the attachment when analysed or asked for: copying a large policy's tree for each
    // attachment of a template on every edit cost more than judging the few that changed.
    const pinnedRoot = () => pinnedAwsManagedTree(managed.text, attachment)!;
    const allScopes = [...holders].sort().map((holder) => scopeOf(holder, managed.path));
    const scopes = anyOtherPolicies(allScopes) ? allScopes : undefined;
    const { offset, length } = attachment;
    const signature = [managed.path, principals.join('\u0001'), template.text.slice(offset, offset + length), scopeSignature(scopes)].join(
      '\u0000',
    );
    const before = earlier?.get(signature);
    if (before) {
      judged.push(movedAttachment(before, offset, template.lines, () => readPolicy(template.text, pinnedRoot(), [], true)));
      continue;
    }
    const locator = `AWS managed policy ${managed.path} on ${describeSources(principals)}`;
    const options = optionsFor(locator);
    const result = analyzeEmbedded(
      JUDGING_RULES,
      { text: template.text, lines: template.lines, root: pinnedRoot(), kind: 'identity', awsManaged: managed.path },
      scopes ? { ...options, principals: scopes } : options,
    );
    const prefix = `AWS managed policy ${managed.path}, attached to ${describeSources(principals)}: `;
    judged.push({
      locator,
      path: managed.path,
      principals,
      offset,
      length,
      findings: result.findings.map((finding) => ({ ...finding, message: prefix + finding.message, policy: locator })),
      suppressed: result.suppressed,
      ruleErrors: result.ruleErrors,
      document: result.document,
      signature,
    });
  }
  return judged;
}

/** An earlier version's analysis of an unchanged attachment, now at `offset`; its document read again when asked for. */
function movedAttachment(before: AttachmentAnalysis, offset: number, lines: LineIndex, read: () => PolicyDocument): AttachmentAnalysis {
  const delta = offset - before.offset;
  let document: PolicyDocument | undefined;
  // Field by field: a spread would read the earlier version's document, which is what is deferred.
  return {
    locator: before.locator,
    path: before.path,
    principals: before.principals,
    length: before.length,
    ruleErrors: before.ruleErrors,
    signature: before.signature,
    offset,
    findings: before.findings.map((f) => movedFinding(f, delta, lines)),
    suppressed: before.suppressed.map((s) => ({ ...s, finding: movedFinding(s.finding, delta, lines) })),
    get document() {
      return (document ??= read());
    },
  };
}
