/**
 * The known ways a principal that holds some permissions becomes more powerful than they say:
 * each path is a set of actions that, granted together to one principal, let it take over another
 * principal's permissions (a role it passes to a service, a user whose keys it makes, a policy it
 * rewrites). Checked offline by the privilege-escalation rule; docs/rules/privilege-escalation.md
 * lists them (scripts/build-escalation-docs.mjs writes that list from this table).
 *
 * Each path names its sources, each checked against the source itself at the commit its URL
 * pins (not from memory): Rhino Security Labs' AWS-IAM-Privilege-Escalation list (its README
 * numbers 28 methods: the 21 of the first article, then the CodeStar and part-2 ones; the method
 * number is the README's), DataDog's pathfinding.cloud path files (`data/paths/<service>/<id>.yaml`;
 * the id is the page's, the actions are each file's `permissions.required`), cloudsplaining's
 * PRIVILEGE_ESCALATION_METHODS (the key named) and PMapper's edge checkers (the module whose
 * action strings find the edge; PMapper judges policy rewrites by its admin test, not by edges,
 * so only the IAM paths its iam_edges module checks cite it). A path may need more than its
 * source lists (sts:AssumeRole after a trust policy rewrite, as Rhino's method 14 says) or less
 * (the source's extra actions only help, e.g. a DynamoDB table created when one exists already).
 */

export interface EscalationSource {
  name: string;
  url: string;
}

export interface EscalationPath {
  /** Stable id: the key of suppressions by path and of the docs' anchors. */
  id: string;
  /** The actions in the words of the sources, e.g. "iam:PassRole + ec2:RunInstances". */
  title: string;
  /**
   * What the principal needs: every group, and of each group any one action. The first group
   * holds the key action, the one whose removal the fixes propose first.
   */
  requires: readonly (readonly string[])[];
  /** What the path gives, in a sentence fragment: "the permissions of any role it can pass". */
  gives: string;
  /**
   * Actions of this path that count only on a Resource that can cover many resources of the kind
   * (`*` or a wildcard): on one named role sts:AssumeRole is the role's own business.
   */
  broadResource?: readonly string[];
  /**
   * For iam:PassRole paths, the service principals the role is passed to. A PassRole grant whose
   * iam:PassedToService condition names none of them cannot serve this path.
   */
  passedTo?: readonly string[];
  sources: readonly EscalationSource[];
}

/** What an action must be allowed on for a path to work, when not any ARN of its own service. */
export interface ActionResources {
  /** ARN patterns of the resources the path abuses; a Resource must be able to match one. */
  arns: readonly string[];
  /** Resources of that kind that cannot be abused (AWS managed policies, the caller itself). */
  except?: readonly string[];
  /** Why the exception cannot be abused, for the docs. */
  why?: string;
}

/** The commits the sources were read at, so that a link shows what was checked. */
const RHINO = 'https://github.com/RhinoSecurityLabs/AWS-IAM-Privilege-Escalation/blob/9ea10d3b31255a3a989b1a5cf2fade2fd29ea466/README.md';
const CLOUDSPLAINING =
  'https://github.com/salesforce/cloudsplaining/blob/5012eab1f7429ef3702e8f8379ed0a207ba77804/cloudsplaining/shared/constants.py';
const PMAPPER_COMMITS = {
  master: '91d2e60102bdadf346d77b60d90ddaa4a678f037',
  'v1.2.0-dev': '06f1dc1ec8ac4c3c9c775aabf7efce2652cac6f3',
} as const;

function rhino(method: number): EscalationSource {
  return { name: `Rhino Security Labs, method ${method}`, url: RHINO };
}
function pathfinding(id: string): EscalationSource {
  return { name: `pathfinding.cloud ${id}`, url: `https://pathfinding.cloud/paths/${id}` };
}
function cloudsplaining(key: string): EscalationSource {
  return { name: `cloudsplaining ${key}`, url: CLOUDSPLAINING };
}
/** PMapper's edge checker; glue, datapipeline and ecs are on its v1.2.0-dev branch only. */
function pmapper(module: string, branch: keyof typeof PMAPPER_COMMITS = 'master'): EscalationSource {
  return {
    name: branch === 'master' ? `PMapper ${module}` : `PMapper ${module} (${branch})`,
    url: `https://github.com/nccgroup/PMapper/blob/${PMAPPER_COMMITS[branch]}/principalmapper/graphing/${module}.py`,
  };
}

const PASS_ROLE = ['iam:PassRole'];
const ADMIN = 'administrator access, through a policy it writes or attaches';
const PASSED = 'the permissions of any role it can pass to the service';
const EXISTING = "the permissions of the resource's existing role";

/** Self-escalation through IAM: the principal rewrites or extends its own permissions, or takes another user's. */
const IAM_PATHS: EscalationPath[] = [
  {
    id: 'iam-create-policy-version',
    title: 'iam:CreatePolicyVersion',
    requires: [['iam:CreatePolicyVersion']],
    gives: `${ADMIN}: a new default version of a customer managed policy attached to it`,
    sources: [rhino(1), pathfinding('iam-001'), cloudsplaining('CreateNewPolicyVersion')],
  },
  {
    id: 'iam-set-default-policy-version',
    title: 'iam:SetDefaultPolicyVersion',
    requires: [['iam:SetDefaultPolicyVersion']],
    gives: 'the permissions of an older, broader version of a customer managed policy attached to it',
    sources: [rhino(2), cloudsplaining('SetExistingDefaultPolicyVersion')],
  },
  {
    id: 'iam-create-access-key',
    title: 'iam:CreateAccessKey',
    requires: [['iam:CreateAccessKey']],
    gives: "another user's permissions, through an access key it creates for that user",
    sources: [rhino(4), pathfinding('iam-002'), cloudsplaining('CreateAccessKey'), pmapper('iam_edges')],
  },
  {
    id: 'iam-create-access-key-rotate',
    title: 'iam:CreateAccessKey + iam:DeleteAccessKey',
    requires: [['iam:CreateAccessKey'], ['iam:DeleteAccessKey']],
    gives: "another user's permissions, even when that user already has two access keys",
    sources: [pathfinding('iam-003'), cloudsplaining('CreateAndRotateAccessKey'), pmapper('iam_edges')],
  },
  {
    id: 'iam-create-login-profile',
    title: 'iam:CreateLoginProfile',
    requires: [['iam:CreateLoginProfile']],
    gives: "another user's permissions, through a console password it sets for that user",
    sources: [rhino(5), pathfinding('iam-004'), cloudsplaining('CreateLoginProfile'), pmapper('iam_edges')],
  },
  {
    id: 'iam-update-login-profile',
    title: 'iam:UpdateLoginProfile',
    requires: [['iam:UpdateLoginProfile']],
    gives: "another user's permissions, through a console password it changes",
    sources: [rhino(6), pathfinding('iam-006'), cloudsplaining('UpdateLoginProfile'), pmapper('iam_edges')],
  },
  {
    id: 'iam-attach-user-policy',
    title: 'iam:AttachUserPolicy',
    requires: [['iam:AttachUserPolicy']],
    gives: `${ADMIN} (AdministratorAccess on itself)`,
    sources: [rhino(7), pathfinding('iam-008'), cloudsplaining('AttachUserPolicy')],
  },
  {
    id: 'iam-attach-group-policy',
    title: 'iam:AttachGroupPolicy',
    requires: [['iam:AttachGroupPolicy']],
    gives: `${ADMIN} (AdministratorAccess on a group it belongs to)`,
    sources: [rhino(8), pathfinding('iam-010'), cloudsplaining('AttachGroupPolicy')],
  },
  {
    id: 'iam-attach-role-policy',
    title: 'iam:AttachRolePolicy',
    requires: [['iam:AttachRolePolicy']],
    gives: `${ADMIN} (AdministratorAccess on its own role)`,
    sources: [rhino(9), pathfinding('iam-009'), cloudsplaining('AttachRolePolicy')],
  },
  {
    id: 'iam-attach-role-policy-assume',
    title: 'iam:AttachRolePolicy + sts:AssumeRole',
    requires: [['iam:AttachRolePolicy'], ['sts:AssumeRole']],
    gives: `${ADMIN} (AdministratorAccess on a role it can assume)`,
    sources: [rhino(9), pathfinding('iam-014')],
  },
  {
    id: 'iam-put-user-policy',
    title: 'iam:PutUserPolicy',
    requires: [['iam:PutUserPolicy']],
    gives: `${ADMIN} (an inline policy on itself)`,
    sources: [rhino(10), pathfinding('iam-007'), cloudsplaining('PutUserPolicy')],
  },
  {
    id: 'iam-put-group-policy',
    title: 'iam:PutGroupPolicy',
    requires: [['iam:PutGroupPolicy']],
    gives: `${ADMIN} (an inline policy on a group it belongs to)`,
    sources: [rhino(11), pathfinding('iam-011'), cloudsplaining('PutGroupPolicy')],
  },
  {
    id: 'iam-put-role-policy',
    title: 'iam:PutRolePolicy',
    requires: [['iam:PutRolePolicy']],
    gives: `${ADMIN} (an inline policy on its own role)`,
    sources: [rhino(12), pathfinding('iam-005'), cloudsplaining('PutRolePolicy')],
  },
  {
    id: 'iam-put-role-policy-assume',
    title: 'iam:PutRolePolicy + sts:AssumeRole',
    requires: [['iam:PutRolePolicy'], ['sts:AssumeRole']],
    gives: `${ADMIN} (an inline policy on a role it can assume)`,
    sources: [rhino(12), pathfinding('iam-017')],
  },
  {
    id: 'iam-add-user-to-group',
    title: 'iam:AddUserToGroup',
    requires: [['iam:AddUserToGroup']],
    gives: 'the permissions of any group it adds itself to',
    sources: [rhino(13), pathfinding('iam-013'), cloudsplaining('AddUserToGroup')],
  },
  {
    id: 'iam-update-assume-role-policy',
    title: 'iam:UpdateAssumeRolePolicy + sts:AssumeRole',
    requires: [['iam:UpdateAssumeRolePolicy'], ['sts:AssumeRole']],
    gives: 'the permissions of any role whose trust policy it rewrites to trust itself',
    sources: [rhino(14), pathfinding('iam-012'), cloudsplaining('UpdateRolePolicyToAssumeIt'), pmapper('iam_edges')],
  },
  {
    id: 'iam-attach-user-policy-access-key',
    title: 'iam:AttachUserPolicy + iam:CreateAccessKey',
    requires: [['iam:AttachUserPolicy'], ['iam:CreateAccessKey']],
    gives: `${ADMIN} on another user whose access key it then creates`,
    sources: [pathfinding('iam-015'), cloudsplaining('AttachUserPolicyThenCreateAccessKey')],
  },
  {
    id: 'iam-put-user-policy-access-key',
    title: 'iam:PutUserPolicy + iam:CreateAccessKey',
    requires: [['iam:PutUserPolicy'], ['iam:CreateAccessKey']],
    gives: `${ADMIN} on another user whose access key it then creates`,
    sources: [pathfinding('iam-018'), cloudsplaining('PutUserPolicyThenCreateAccessKey')],
  },
  {
    id: 'iam-create-policy-version-assume',
    title: 'iam:CreatePolicyVersion + sts:AssumeRole',
    requires: [['iam:CreatePolicyVersion'], ['sts:AssumeRole']],
    gives: `${ADMIN}: a new default version of a policy attached to a role it can assume`,
    sources: [pathfinding('iam-016'), cloudsplaining('CreatePolicyVersionThenAssumeRole')],
  },
  {
    id: 'iam-attach-role-policy-trust',
    title: 'iam:AttachRolePolicy + iam:UpdateAssumeRolePolicy',
    requires: [['iam:AttachRolePolicy'], ['iam:UpdateAssumeRolePolicy']],
    gives: `${ADMIN} on any role it then makes trust itself`,
    sources: [pathfinding('iam-019'), cloudsplaining('AttachRolePolicyThenUpdateAssumeRolePolicy')],
  },
  {
    id: 'iam-create-policy-version-trust',
    title: 'iam:CreatePolicyVersion + iam:UpdateAssumeRolePolicy',
    requires: [['iam:CreatePolicyVersion'], ['iam:UpdateAssumeRolePolicy']],
    gives: `${ADMIN} on any role it then makes trust itself`,
    sources: [pathfinding('iam-020'), cloudsplaining('CreatePolicyVersionThenUpdateAssumeRolePolicy')],
  },
  {
    id: 'iam-put-role-policy-trust',
    title: 'iam:PutRolePolicy + iam:UpdateAssumeRolePolicy',
    requires: [['iam:PutRolePolicy'], ['iam:UpdateAssumeRolePolicy']],
    gives: `${ADMIN} on any role it then makes trust itself`,
    sources: [pathfinding('iam-021'), cloudsplaining('PutRolePolicyThenUpdateAssumeRolePolicy')],
  },
  {
    id: 'sts-assume-any-role',
    title: 'sts:AssumeRole on "*"',
    requires: [['sts:AssumeRole']],
    broadResource: ['sts:AssumeRole'],
    gives: 'the permissions of every role whose trust policy trusts its account (a trust of the account root lets its IAM policies decide)',
    sources: [pathfinding('sts-001'), pmapper('sts_edges')],
  },
];

/** A new compute resource running with a role the principal passes to it. */
const PASS_ROLE_PATHS: EscalationPath[] = [
  {
    id: 'passrole-ec2-run-instances',
    title: 'iam:PassRole + ec2:RunInstances',
    requires: [PASS_ROLE, ['ec2:RunInstances']],
    passedTo: ['ec2.amazonaws.com'],
    gives: `${PASSED} (an instance profile's role, its credentials read from the instance)`,
    sources: [rhino(3), pathfinding('ec2-001'), cloudsplaining('CreateEC2WithExistingIP'), pmapper('ec2_edges')],
  },
  {
    id: 'passrole-ec2-spot-instances',
    title: 'iam:PassRole + ec2:RequestSpotInstances',
    requires: [PASS_ROLE, ['ec2:RequestSpotInstances']],
    passedTo: ['ec2.amazonaws.com'],
    gives: `${PASSED} (a spot instance's instance profile)`,
    sources: [pathfinding('ec2-003'), cloudsplaining('PassExistingRoleToNewEC2SpotInstance')],
  },
  {
    id: 'passrole-autoscaling-launch-configuration',
    title: 'iam:PassRole + autoscaling:CreateLaunchConfiguration + autoscaling:CreateAutoScalingGroup',
    requires: [PASS_ROLE, ['autoscaling:CreateLaunchConfiguration'], ['autoscaling:CreateAutoScalingGroup']],
    passedTo: ['ec2.amazonaws.com', 'autoscaling.amazonaws.com'],
    gives: `${PASSED} (the instance profile of instances the group launches)`,
    sources: [pmapper('autoscaling_edges')],
  },
  {
    id: 'passrole-lambda-invoke',
    title: 'iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction',
    requires: [PASS_ROLE, ['lambda:CreateFunction'], ['lambda:InvokeFunction']],
    passedTo: ['lambda.amazonaws.com'],
    gives: `${PASSED} (a function it writes and runs)`,
    sources: [rhino(15), pathfinding('lambda-001'), cloudsplaining('PassExistingRoleToNewLambdaThenInvoke'), pmapper('lambda_edges')],
  },
  {
    id: 'passrole-lambda-event-source',
    title: 'iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping',
    requires: [PASS_ROLE, ['lambda:CreateFunction'], ['lambda:CreateEventSourceMapping']],
    passedTo: ['lambda.amazonaws.com'],
    gives: `${PASSED} (a function an event source, such as a DynamoDB stream, triggers)`,
    sources: [
      rhino(17),
      pathfinding('lambda-002'),
      cloudsplaining('PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo'),
      cloudsplaining('PassExistingRoleToNewLambdaThenTriggerWithNewDynamo'),
    ],
  },
  {
    id: 'passrole-lambda-add-permission',
    title: 'iam:PassRole + lambda:CreateFunction + lambda:AddPermission',
    requires: [PASS_ROLE, ['lambda:CreateFunction'], ['lambda:AddPermission']],
    passedTo: ['lambda.amazonaws.com'],
    gives: `${PASSED} (a function it lets itself or anyone invoke)`,
    sources: [rhino(16), pathfinding('lambda-006'), cloudsplaining('PassExistingRoleToNewLambdaThenAddPermission')],
  },
  {
    id: 'passrole-glue-dev-endpoint',
    title: 'iam:PassRole + glue:CreateDevEndpoint',
    requires: [PASS_ROLE, ['glue:CreateDevEndpoint']],
    passedTo: ['glue.amazonaws.com'],
    gives: `${PASSED} (a development endpoint it can SSH into)`,
    sources: [
      rhino(19),
      pathfinding('glue-001'),
      cloudsplaining('PassExistingRoleToNewGlueDevEndpoint'),
      pmapper('glue_edges', 'v1.2.0-dev'),
    ],
  },
  {
    id: 'passrole-glue-job-run',
    title: 'iam:PassRole + glue:CreateJob + glue:StartJobRun',
    requires: [PASS_ROLE, ['glue:CreateJob'], ['glue:StartJobRun']],
    passedTo: ['glue.amazonaws.com'],
    gives: `${PASSED} (a job script it writes and runs)`,
    sources: [pathfinding('glue-003'), cloudsplaining('PassExistingRoleToNewGlueJobThenRun')],
  },
  {
    id: 'passrole-glue-job-trigger',
    title: 'iam:PassRole + glue:CreateJob + glue:CreateTrigger',
    requires: [PASS_ROLE, ['glue:CreateJob'], ['glue:CreateTrigger']],
    passedTo: ['glue.amazonaws.com'],
    gives: `${PASSED} (a job script a trigger it creates runs)`,
    sources: [pathfinding('glue-004'), cloudsplaining('PassExistingRoleToNewGlueJobViaTrigger')],
  },
  {
    id: 'passrole-glue-update-job-run',
    title: 'iam:PassRole + glue:UpdateJob + glue:StartJobRun',
    requires: [PASS_ROLE, ['glue:UpdateJob'], ['glue:StartJobRun']],
    passedTo: ['glue.amazonaws.com'],
    gives: `${PASSED} (an existing job given its role and script)`,
    sources: [pathfinding('glue-005'), cloudsplaining('PassExistingRoleToUpdatedGlueJobThenRun')],
  },
  {
    id: 'passrole-glue-update-job-trigger',
    title: 'iam:PassRole + glue:UpdateJob + glue:CreateTrigger',
    requires: [PASS_ROLE, ['glue:UpdateJob'], ['glue:CreateTrigger']],
    passedTo: ['glue.amazonaws.com'],
    gives: `${PASSED} (an existing job given its role and script, run by a trigger)`,
    sources: [pathfinding('glue-006'), cloudsplaining('PassExistingRoleToUpdatedGlueJobViaTrigger')],
  },
  {
    id: 'passrole-cloudformation-stack',
    title: 'iam:PassRole + cloudformation:CreateStack',
    requires: [PASS_ROLE, ['cloudformation:CreateStack']],
    passedTo: ['cloudformation.amazonaws.com'],
    gives: `${PASSED} (a stack whose service role creates what the template says)`,
    sources: [
      rhino(21),
      pathfinding('cloudformation-001'),
      cloudsplaining('PassExistingRoleToCloudFormation'),
      pmapper('cloudformation_edges'),
    ],
  },
  {
    id: 'passrole-cloudformation-update-stack',
    title: 'iam:PassRole + cloudformation:UpdateStack',
    requires: [PASS_ROLE, ['cloudformation:UpdateStack']],
    passedTo: ['cloudformation.amazonaws.com'],
    gives: `${PASSED} (an existing stack given a new service role and template)`,
    sources: [pmapper('cloudformation_edges')],
  },
  {
    id: 'passrole-cloudformation-stack-set',
    title: 'iam:PassRole + cloudformation:CreateStackSet + cloudformation:CreateStackInstances',
    requires: [PASS_ROLE, ['cloudformation:CreateStackSet'], ['cloudformation:CreateStackInstances']],
    passedTo: ['cloudformation.amazonaws.com'],
    gives: `${PASSED} (a stack set's administration role)`,
    sources: [pathfinding('cloudformation-003'), cloudsplaining('PassExistingRoleToNewCloudFormationStackSet')],
  },
  {
    id: 'passrole-cloudformation-update-stack-set',
    title: 'iam:PassRole + cloudformation:UpdateStackSet',
    requires: [PASS_ROLE, ['cloudformation:UpdateStackSet']],
    passedTo: ['cloudformation.amazonaws.com'],
    gives: `${PASSED} (an existing stack set given a new template and role)`,
    sources: [pathfinding('cloudformation-004'), cloudsplaining('PassRoleToUpdateCloudFormationStackSet')],
  },
  {
    id: 'passrole-datapipeline',
    title: 'iam:PassRole + datapipeline:CreatePipeline + datapipeline:PutPipelineDefinition',
    requires: [PASS_ROLE, ['datapipeline:CreatePipeline'], ['datapipeline:PutPipelineDefinition']],
    passedTo: ['datapipeline.amazonaws.com', 'elasticmapreduce.amazonaws.com', 'ec2.amazonaws.com'],
    gives: `${PASSED} (a pipeline whose activities run commands as the role)`,
    sources: [
      rhino(22),
      pathfinding('datapipeline-001'),
      cloudsplaining('PassExistingRoleToNewDataPipeline'),
      pmapper('datapipeline_edges', 'v1.2.0-dev'),
    ],
  },
  {
    id: 'passrole-sagemaker-notebook',
    title: 'iam:PassRole + sagemaker:CreateNotebookInstance',
    requires: [PASS_ROLE, ['sagemaker:CreateNotebookInstance']],
    passedTo: ['sagemaker.amazonaws.com'],
    gives: `${PASSED} (a notebook instance it opens)`,
    sources: [
      rhino(27),
      pathfinding('sagemaker-001'),
      cloudsplaining('PassExistingRoleToNewSageMakerNotebookInstance'),
      pmapper('sagemaker_edges'),
    ],
  },
  {
    id: 'passrole-sagemaker-training-job',
    title: 'iam:PassRole + sagemaker:CreateTrainingJob',
    requires: [PASS_ROLE, ['sagemaker:CreateTrainingJob']],
    passedTo: ['sagemaker.amazonaws.com'],
    gives: `${PASSED} (a training container it chooses)`,
    sources: [pathfinding('sagemaker-002'), cloudsplaining('PassExistingRoleToNewSageMakerTrainingJob'), pmapper('sagemaker_edges')],
  },
  {
    id: 'passrole-sagemaker-processing-job',
    title: 'iam:PassRole + sagemaker:CreateProcessingJob',
    requires: [PASS_ROLE, ['sagemaker:CreateProcessingJob']],
    passedTo: ['sagemaker.amazonaws.com'],
    gives: `${PASSED} (a processing container it chooses)`,
    sources: [pathfinding('sagemaker-003'), cloudsplaining('PassExistingRoleToNewSageMakerProcessingJob'), pmapper('sagemaker_edges')],
  },
  {
    id: 'passrole-codebuild-start-build',
    title: 'iam:PassRole + codebuild:CreateProject + codebuild:StartBuild',
    requires: [PASS_ROLE, ['codebuild:CreateProject'], ['codebuild:StartBuild', 'codebuild:StartBuildBatch']],
    passedTo: ['codebuild.amazonaws.com'],
    gives: `${PASSED} (a build whose buildspec it writes)`,
    sources: [
      pathfinding('codebuild-001'),
      pathfinding('codebuild-004'),
      cloudsplaining('PassExistingRoleToNewCodeBuildProjectThenBuild'),
      cloudsplaining('PassExistingRoleToNewCodeBuildProjectThenBuildBatch'),
      pmapper('codebuild_edges'),
    ],
  },
  {
    id: 'passrole-codebuild-update-project',
    title: 'iam:PassRole + codebuild:UpdateProject + codebuild:StartBuild',
    requires: [PASS_ROLE, ['codebuild:UpdateProject'], ['codebuild:StartBuild', 'codebuild:StartBuildBatch']],
    passedTo: ['codebuild.amazonaws.com'],
    gives: `${PASSED} (an existing project given that role and a buildspec it writes)`,
    sources: [pmapper('codebuild_edges')],
  },
  {
    id: 'passrole-ecs-run-task',
    title: 'iam:PassRole + ecs:RegisterTaskDefinition + ecs:RunTask',
    requires: [PASS_ROLE, ['ecs:RegisterTaskDefinition'], ['ecs:RunTask', 'ecs:StartTask']],
    passedTo: ['ecs-tasks.amazonaws.com', 'ecs.amazonaws.com'],
    gives: `${PASSED} (a task whose container and task role it chooses)`,
    sources: [
      pathfinding('ecs-002'),
      pathfinding('ecs-004'),
      pathfinding('ecs-005'),
      cloudsplaining('PassExistingRoleToNewECSClusterRunTask'),
      cloudsplaining('PassExistingRoleToNewECSTaskViaRunTask'),
      cloudsplaining('PassExistingRoleToNewECSTaskViaStartTask'),
      pmapper('ecs_edges', 'v1.2.0-dev'),
    ],
  },
  {
    id: 'passrole-ecs-service',
    title: 'iam:PassRole + ecs:RegisterTaskDefinition + ecs:CreateService',
    requires: [PASS_ROLE, ['ecs:RegisterTaskDefinition'], ['ecs:CreateService']],
    passedTo: ['ecs-tasks.amazonaws.com', 'ecs.amazonaws.com'],
    gives: `${PASSED} (a service running tasks whose container and task role it chooses)`,
    sources: [
      pathfinding('ecs-001'),
      pathfinding('ecs-003'),
      cloudsplaining('PassExistingRoleToNewECSClusterServiceTask'),
      cloudsplaining('PassExistingRoleToNewECSService'),
    ],
  },
  {
    id: 'passrole-apprunner-service',
    title: 'iam:PassRole + apprunner:CreateService',
    requires: [PASS_ROLE, ['apprunner:CreateService']],
    passedTo: ['tasks.apprunner.amazonaws.com', 'build.apprunner.amazonaws.com', 'apprunner.amazonaws.com'],
    gives: `${PASSED} (an App Runner service's instance role, running code it supplies)`,
    sources: [pathfinding('apprunner-001'), cloudsplaining('PassExistingRoleToNewAppRunnerService')],
  },
  {
    id: 'passrole-bedrock-code-interpreter',
    title: 'iam:PassRole + bedrock-agentcore:CreateCodeInterpreter + bedrock-agentcore:StartCodeInterpreterSession',
    requires: [
      PASS_ROLE,
      ['bedrock-agentcore:CreateCodeInterpreter'],
      ['bedrock-agentcore:StartCodeInterpreterSession'],
      ['bedrock-agentcore:InvokeCodeInterpreter'],
    ],
    passedTo: ['bedrock-agentcore.amazonaws.com'],
    gives: `${PASSED} (a code interpreter running code it sends)`,
    sources: [pathfinding('bedrock-001'), cloudsplaining('PassExistingRoleToNewBedrockCodeInterpreter')],
  },
  {
    id: 'passrole-codestar-project',
    title: 'iam:PassRole + codestar:CreateProject',
    requires: [PASS_ROLE, ['codestar:CreateProject']],
    passedTo: ['codestar.amazonaws.com', 'cloudformation.amazonaws.com'],
    gives: `${PASSED} (a project whose CloudFormation template the service role deploys)`,
    sources: [rhino(24)],
  },
  {
    id: 'passrole-lambda-update-configuration',
    title: 'iam:PassRole + lambda:UpdateFunctionConfiguration + lambda:UpdateFunctionCode',
    requires: [PASS_ROLE, ['lambda:UpdateFunctionConfiguration'], ['lambda:UpdateFunctionCode']],
    passedTo: ['lambda.amazonaws.com'],
    gives: `${PASSED} (an existing function given another role and its code)`,
    sources: [pmapper('lambda_edges')],
  },
];

/** Existing resources that already run with a role: no PassRole needed. */
const EXISTING_RESOURCE_PATHS: EscalationPath[] = [
  {
    id: 'lambda-update-function-code',
    title: 'lambda:UpdateFunctionCode',
    requires: [['lambda:UpdateFunctionCode']],
    gives: `${EXISTING} (the function's execution role runs code it uploads)`,
    sources: [rhino(18), pathfinding('lambda-003'), cloudsplaining('EditExistingLambdaFunctionWithRole'), pmapper('lambda_edges')],
  },
  {
    id: 'lambda-update-function-code-invoke',
    title: 'lambda:UpdateFunctionCode + lambda:InvokeFunction',
    requires: [['lambda:UpdateFunctionCode'], ['lambda:InvokeFunction']],
    gives: `${EXISTING} (code it uploads and runs at once)`,
    sources: [pathfinding('lambda-004'), cloudsplaining('UpdateAndInvokeLambdaFunction')],
  },
  {
    id: 'lambda-update-function-code-add-permission',
    title: 'lambda:UpdateFunctionCode + lambda:AddPermission',
    requires: [['lambda:UpdateFunctionCode'], ['lambda:AddPermission']],
    gives: `${EXISTING} (code it uploads and lets itself invoke)`,
    sources: [pathfinding('lambda-005'), cloudsplaining('UpdateLambdaFunctionAndAddPermission')],
  },
  {
    id: 'lambda-update-function-configuration',
    title: 'lambda:UpdateFunctionConfiguration',
    requires: [['lambda:UpdateFunctionConfiguration']],
    gives: `${EXISTING} (a layer or an environment variable it adds runs its code in the function)`,
    sources: [rhino(26)],
  },
  {
    id: 'glue-update-dev-endpoint',
    title: 'glue:UpdateDevEndpoint',
    requires: [['glue:UpdateDevEndpoint']],
    gives: `${EXISTING} (an SSH key it adds to a development endpoint)`,
    sources: [rhino(20), pathfinding('glue-002'), cloudsplaining('UpdateExistingGlueDevEndpoint'), pmapper('glue_edges', 'v1.2.0-dev')],
  },
  {
    id: 'ssm-send-command',
    title: 'ssm:SendCommand',
    requires: [['ssm:SendCommand']],
    gives: "an instance's instance profile role, through commands it runs on the instance",
    sources: [pathfinding('ssm-002'), pmapper('ssm_edges')],
  },
  {
    id: 'ssm-start-session',
    title: 'ssm:StartSession',
    requires: [['ssm:StartSession']],
    gives: "an instance's instance profile role, through a shell on the instance",
    sources: [pathfinding('ssm-001'), pmapper('ssm_edges')],
  },
  {
    id: 'ec2-instance-connect-ssh',
    title: 'ec2-instance-connect:SendSSHPublicKey',
    requires: [['ec2-instance-connect:SendSSHPublicKey']],
    gives: "an instance's instance profile role, through an SSH login with a key it pushes",
    sources: [pathfinding('ec2instanceconnect-003'), cloudsplaining('EC2InstanceConnectSendSSHPublicKey')],
  },
  {
    id: 'ec2-modify-user-data',
    title: 'ec2:ModifyInstanceAttribute + ec2:StopInstances + ec2:StartInstances',
    requires: [['ec2:ModifyInstanceAttribute'], ['ec2:StopInstances'], ['ec2:StartInstances']],
    gives: "an instance's instance profile role, through user data it rewrites and a restart",
    sources: [pathfinding('ec2-002'), cloudsplaining('ModifyEC2InstanceUserDataThenRestart')],
  },
  {
    id: 'ec2-launch-template-version',
    title: 'ec2:CreateLaunchTemplateVersion + ec2:ModifyLaunchTemplate',
    requires: [['ec2:CreateLaunchTemplateVersion'], ['ec2:ModifyLaunchTemplate']],
    gives: 'the instance profile role of instances launched from the template, through user data it writes',
    sources: [pathfinding('ec2-004'), cloudsplaining('ModifyExistingEC2LaunchTemplate')],
  },
  {
    id: 'ecs-execute-command',
    title: 'ecs:ExecuteCommand',
    requires: [['ecs:ExecuteCommand']],
    gives: "a running task's task role, through a shell in its container",
    sources: [cloudsplaining('ECSExecuteCommandOnRunningTask')],
  },
  {
    id: 'sagemaker-presigned-notebook-url',
    title: 'sagemaker:CreatePresignedNotebookInstanceUrl',
    requires: [['sagemaker:CreatePresignedNotebookInstanceUrl']],
    gives: "a notebook instance's execution role, through its Jupyter terminal",
    sources: [rhino(28), pathfinding('sagemaker-004'), cloudsplaining('CreatePresignedSageMakerNotebookUrl')],
  },
  {
    id: 'sagemaker-notebook-lifecycle',
    title: 'sagemaker:CreateNotebookInstanceLifecycleConfig + sagemaker:UpdateNotebookInstance + Stop/StartNotebookInstance',
    requires: [
      ['sagemaker:CreateNotebookInstanceLifecycleConfig'],
      ['sagemaker:UpdateNotebookInstance'],
      ['sagemaker:StopNotebookInstance'],
      ['sagemaker:StartNotebookInstance'],
    ],
    gives: "a notebook instance's execution role, through a lifecycle script it writes",
    sources: [pathfinding('sagemaker-005'), cloudsplaining('UpdateSageMakerNotebookLifecycleConfig')],
  },
  {
    id: 'cloudformation-update-stack',
    title: 'cloudformation:UpdateStack',
    requires: [['cloudformation:UpdateStack']],
    gives: "the permissions of a stack's existing service role, through a template it supplies",
    sources: [pathfinding('cloudformation-002'), pmapper('cloudformation_edges')],
  },
  {
    id: 'cloudformation-change-set',
    title: 'cloudformation:CreateChangeSet + cloudformation:ExecuteChangeSet',
    requires: [['cloudformation:CreateChangeSet'], ['cloudformation:ExecuteChangeSet']],
    gives: "the permissions of a stack's existing service role, through a change set it executes",
    sources: [pathfinding('cloudformation-005'), cloudsplaining('ExecuteCloudFormationChangeSet'), pmapper('cloudformation_edges')],
  },
  {
    id: 'codebuild-start-build',
    title: 'codebuild:StartBuild',
    requires: [['codebuild:StartBuild', 'codebuild:StartBuildBatch']],
    gives: "a project's service role, through a buildspec it overrides at start",
    sources: [pathfinding('codebuild-002'), pathfinding('codebuild-003'), pmapper('codebuild_edges')],
  },
  {
    id: 'apprunner-update-service',
    title: 'apprunner:UpdateService',
    requires: [['apprunner:UpdateService']],
    gives: "an App Runner service's instance role, through the code or image it points the service at",
    sources: [pathfinding('apprunner-002')],
  },
  {
    id: 'bedrock-code-interpreter-session',
    title: 'bedrock-agentcore:StartCodeInterpreterSession + bedrock-agentcore:InvokeCodeInterpreter',
    requires: [['bedrock-agentcore:StartCodeInterpreterSession'], ['bedrock-agentcore:InvokeCodeInterpreter']],
    gives: "an existing code interpreter's execution role, through code it sends",
    sources: [pathfinding('bedrock-002'), cloudsplaining('AccessExistingBedrockCodeInterpreterSession')],
  },
  {
    id: 'codestar-associate-team-member',
    title: 'codestar:CreateProject + codestar:AssociateTeamMember',
    requires: [['codestar:AssociateTeamMember'], ['codestar:CreateProject']],
    gives: "a CodeStar project's owner policy, by creating a project and making itself its owner",
    sources: [rhino(25)],
  },
];

export const ESCALATION_PATHS: readonly EscalationPath[] = [...IAM_PATHS, ...PASS_ROLE_PATHS, ...EXISTING_RESOURCE_PATHS];

const IAM_USER = ['arn:*:iam::*:user/*'];
const SELF = ['arn:*:iam::*:user/${aws:username}'];
const SELF_WHY = 'on the caller itself (`${aws:username}`) it gains nothing new';
const IAM_ROLE = ['arn:*:iam::*:role/*'];
// Published policies grant these on service-linked roles (the FSx CSI driver's iam:AttachRolePolicy
// and iam:PutRolePolicy on role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*): a path
// there was a false alarm.
const SERVICE_LINKED_ROLES = ['arn:*:iam::*:role/aws-service-role/*'];
const SERVICE_LINKED_WHY =
  'service-linked roles (`role/aws-service-role/...`) are protected: IAM refuses to attach or put policies on them or to change their trust policy (`UnmodifiableEntity`)';
const ASSUME_SERVICE_LINKED_WHY =
  'a service-linked role (`role/aws-service-role/...`) trusts only its service, and its trust policy cannot be changed';

/**
 * The resources an action of a path must be allowed on. Actions not listed here count on any
 * Resource that can match an ARN of their own service (`arn:*:lambda:*:*:*` for lambda:...), or `*`.
 */
export const ACTION_RESOURCES: Readonly<Record<string, ActionResources>> = {
  'iam:CreatePolicyVersion': {
    arns: ['arn:*:iam::*:policy/*'],
    except: ['arn:*:iam::aws:policy/*'],
    why: 'AWS managed policies (`arn:aws:iam::aws:policy/...`) cannot be changed by anyone',
  },
  'iam:SetDefaultPolicyVersion': {
    arns: ['arn:*:iam::*:policy/*'],
    except: ['arn:*:iam::aws:policy/*'],
    why: 'AWS managed policies (`arn:aws:iam::aws:policy/...`) cannot be changed by anyone',
  },
  'iam:CreateAccessKey': { arns: IAM_USER, except: SELF, why: SELF_WHY },
  'iam:DeleteAccessKey': { arns: IAM_USER },
  'iam:CreateLoginProfile': { arns: IAM_USER, except: SELF, why: SELF_WHY },
  'iam:UpdateLoginProfile': { arns: IAM_USER, except: SELF, why: SELF_WHY },
  'iam:AttachUserPolicy': { arns: IAM_USER },
  'iam:PutUserPolicy': { arns: IAM_USER },
  'iam:AddUserToGroup': { arns: ['arn:*:iam::*:group/*'] },
  'iam:AttachGroupPolicy': { arns: ['arn:*:iam::*:group/*'] },
  'iam:PutGroupPolicy': { arns: ['arn:*:iam::*:group/*'] },
  'iam:AttachRolePolicy': { arns: IAM_ROLE, except: SERVICE_LINKED_ROLES, why: SERVICE_LINKED_WHY },
  'iam:PutRolePolicy': { arns: IAM_ROLE, except: SERVICE_LINKED_ROLES, why: SERVICE_LINKED_WHY },
  'iam:UpdateAssumeRolePolicy': { arns: IAM_ROLE, except: SERVICE_LINKED_ROLES, why: SERVICE_LINKED_WHY },
  // Some services take a service-linked role passed to them (Auto Scaling's ServiceLinkedRoleARN):
  // what one then does with it is not known here, so iam:PassRole keeps it.
  'iam:PassRole': { arns: IAM_ROLE },
  'sts:AssumeRole': { arns: IAM_ROLE, except: SERVICE_LINKED_ROLES, why: ASSUME_SERVICE_LINKED_WHY },
  'ssm:SendCommand': { arns: ['arn:*:ec2:*:*:instance/*', 'arn:*:ssm:*:*:managed-instance/*'] },
  'ssm:StartSession': { arns: ['arn:*:ec2:*:*:instance/*', 'arn:*:ssm:*:*:managed-instance/*'] },
  'ec2-instance-connect:SendSSHPublicKey': { arns: ['arn:*:ec2:*:*:instance/*'] },
};
