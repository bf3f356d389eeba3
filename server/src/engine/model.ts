import type { Node, ParseError } from 'jsonc-parser';
import type { PatternMatch } from '../catalog/catalog';
import type { PolicyObject } from './objects';
import type { StatementActions } from './statementActions';
import type { Directive } from './suppressions';

/** identity: no Principal; trust: a role trust policy; resource: another Principal-bearing policy; none: not a policy. */
export type DocumentKind = 'identity' | 'trust' | 'resource' | 'none';

export interface StringItem {
  value: string;
  node: Node;
  /** What the entry reaches in the catalog, remembered by matchItem (Action/NotAction entries only). */
  match?: PatternMatch;
}

/** Action, NotAction, Resource or NotResource: a string or an array of strings. */
export interface ValueList {
  property: Node;
  /** The value node: the string, or the array. */
  node: Node;
  items: StringItem[];
}

export interface PrincipalEntry {
  /** AWS, Service, Federated, CanonicalUser, as written. */
  type: string;
  value: string;
  node: Node;
}

export interface PrincipalModel {
  property: Node;
  node: Node;
  /** Set when the principal is the bare string "*". */
  wildcard?: Node;
  entries: PrincipalEntry[];
}

export interface ConditionValue {
  /** Booleans and numbers as IAM reads them: their text. */
  value: string;
  node: Node;
}

export interface ConditionKeyEntry {
  key: string;
  keyNode: Node;
  valueNode: Node;
  values: ConditionValue[];
}

export interface ConditionOperatorEntry {
  operator: string;
  operatorNode: Node;
  valueNode: Node;
  keys: ConditionKeyEntry[];
}

export interface ConditionModel {
  property: Node;
  node: Node;
  operators: ConditionOperatorEntry[];
}

export interface StatementModel {
  index: number;
  node: Node;
  /** A parse error falls inside it: elements may be still to come, so "missing X" checks hold back. */
  incomplete: boolean;
  /** Every key is a statement element and none repeats (the keys' checks have nothing to report). */
  keysRegular: boolean;
  sid?: StringItem;
  effect?: StringItem;
  action?: ValueList;
  notAction?: ValueList;
  resource?: ValueList;
  notResource?: ValueList;
  principal?: PrincipalModel;
  notPrincipal?: PrincipalModel;
  condition?: ConditionModel;
  /**
   * Memo of statementActions(): what the statement reaches (null: neither or both of Action and
   * NotAction). A field rather than a WeakMap, whose entries for short-lived objects cost the
   * garbage collector more than the analysis itself.
   */
  reached?: StatementActions | null;
}

/** A JSON value of the wrong type for its place, found while reading the policy. */
export interface ShapeError {
  node: Node;
  message: string;
}

export interface PolicyDocument {
  text: string;
  root: Node | undefined;
  parseErrors: ParseError[];
  /** The root is an object with a Statement, or with a policy Version. */
  policyLike: boolean;
  version?: { property: Node; node: Node; value?: string };
  statementProperty?: Node;
  statements: StatementModel[];
  shapeErrors: ShapeError[];
  /** Why the text could not be read as JSON at all, when parse errors cannot say it. */
  unreadable?: string;
  /**
   * The document is the AWS managed policy of this path, AWS's text the user cannot edit: a policy a
   * template attaches, judged on the attachment (linter/awsManagedAttachments.ts) or one of the
   * other policies of a principal's scope.
   */
  awsManaged?: string;
  /** Memo of documentDirectives(). */
  directives?: Directive[];
  /** Memo of policyObjects(). */
  objects?: PolicyObject[];
}
