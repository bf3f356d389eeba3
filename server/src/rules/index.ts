import { Rule } from '../engine/rule';
import { allowIamWrite } from './allow-iam-write';
import { confusedDeputy } from './confused-deputy';
import { conflictingElements } from './conflicting-elements';
import { duplicateElement } from './duplicate-element';
import { duplicateSid } from './duplicate-sid';
import { emptyElement } from './empty-element';
import { fileTooLarge } from './file-too-large';
import { invalidConditionOperator } from './invalid-condition-operator';
import { invalidEffect } from './invalid-effect';
import { invalidElementType } from './invalid-element-type';
import { invalidJson } from './invalid-json';
import { invalidSid } from './invalid-sid';
import { invalidVersion } from './invalid-version';
import { legacyVersion } from './legacy-version';
import { malformedAction } from './malformed-action';
import { malformedArn } from './malformed-arn';
import { malformedPrincipal } from './malformed-principal';
import { missingAction } from './missing-action';
import { missingIamWriteDeny } from './missing-iam-write-deny';
import { missingPrincipal } from './missing-principal';
import { missingResource } from './missing-resource';
import { missingStatement } from './missing-statement';
import { missingVersion } from './missing-version';
import { policySizeLimit } from './policy-size-limit';
import { invalidTemplate } from './invalid-template';
import { privilegeEscalation } from './privilege-escalation';
import { resourceInTrustPolicy } from './resource-in-trust-policy';
import { resourcePublicPrincipal } from './resource-public-principal';
import { suppressionMissingReason } from './suppression-missing-reason';
import { suppressionUnknownRule } from './suppression-unknown-rule';
import { trustBroadPrincipal } from './trust-broad-principal';
import { trustMissingExternalId } from './trust-missing-external-id';
import { trustWeakExternalId } from './trust-weak-external-id';
import { unknownAction } from './unknown-action';
import { unknownAwsManagedPolicy } from './unknown-aws-managed-policy';
import { unknownElement } from './unknown-element';

/** Every rule of the linter. Adding a rule: its file here, a page docs/rules/<id>.md, its tests. */
export const allRules: readonly Rule[] = [
  // security
  allowIamWrite,
  missingIamWriteDeny,
  privilegeEscalation,
  trustMissingExternalId,
  trustWeakExternalId,
  trustBroadPrincipal,
  resourcePublicPrincipal,
  confusedDeputy,
  // catalog
  unknownAction,
  unknownAwsManagedPolicy,
  // grammar
  invalidJson,
  invalidTemplate,
  fileTooLarge,
  policySizeLimit,
  missingVersion,
  invalidVersion,
  legacyVersion,
  missingStatement,
  invalidElementType,
  emptyElement,
  unknownElement,
  duplicateElement,
  invalidEffect,
  missingAction,
  conflictingElements,
  missingResource,
  resourceInTrustPolicy,
  missingPrincipal,
  duplicateSid,
  invalidSid,
  malformedAction,
  malformedArn,
  malformedPrincipal,
  invalidConditionOperator,
  // suppressions
  suppressionMissingReason,
  suppressionUnknownRule,
];
