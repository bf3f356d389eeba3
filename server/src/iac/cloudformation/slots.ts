import type { PolicyKind } from '../hostPolicy';

/** A property of a resource type that holds one policy document, and the kind of that policy. */
export interface PolicySlot {
  /** The property, or a path of them (`ResourcePolicy.PolicyDocument`; `Replicas[]` for each item of a list). */
  property: string;
  kind: PolicyKind;
}

/**
 * Where CloudFormation resource types hold IAM policy documents. The kind comes from the slot:
 * a role's AssumeRolePolicyDocument is a trust policy, a bucket's or key's policy a resource
 * policy, what an identity carries an identity policy. `Policies` lists of inline policies
 * (`[{PolicyName, PolicyDocument}]`) are read by `INLINE_POLICY_LISTS`.
 */
export const POLICY_SLOTS: Readonly<Record<string, readonly PolicySlot[]>> = {
  'AWS::IAM::Role': [{ property: 'AssumeRolePolicyDocument', kind: 'trust' }],
  'AWS::IAM::Policy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::IAM::ManagedPolicy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::IAM::RolePolicy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::IAM::UserPolicy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::IAM::GroupPolicy': [{ property: 'PolicyDocument', kind: 'identity' }],
  'AWS::SSO::PermissionSet': [{ property: 'InlinePolicy', kind: 'identity' }],
  'AWS::S3::BucketPolicy': [{ property: 'PolicyDocument', kind: 'resource' }],
  'AWS::S3::AccessPoint': [{ property: 'Policy', kind: 'resource' }],
  'AWS::S3Express::BucketPolicy': [{ property: 'PolicyDocument', kind: 'resource' }],
  'AWS::SNS::TopicPolicy': [{ property: 'PolicyDocument', kind: 'resource' }],
  'AWS::SNS::TopicInlinePolicy': [{ property: 'PolicyDocument', kind: 'resource' }],
  'AWS::SQS::QueuePolicy': [{ property: 'PolicyDocument', kind: 'resource' }],
  'AWS::SQS::QueueInlinePolicy': [{ property: 'PolicyDocument', kind: 'resource' }],
  'AWS::DynamoDB::Table': [
    { property: 'ResourcePolicy.PolicyDocument', kind: 'resource' },
    { property: 'StreamSpecification.ResourcePolicy.PolicyDocument', kind: 'resource' },
  ],
  'AWS::DynamoDB::GlobalTable': [
    { property: 'Replicas[].ResourcePolicy.PolicyDocument', kind: 'resource' },
    { property: 'Replicas[].ReplicaStreamSpecification.ResourcePolicy.PolicyDocument', kind: 'resource' },
  ],
  'AWS::Kinesis::ResourcePolicy': [{ property: 'ResourcePolicy', kind: 'resource' }],
  'AWS::SSM::ResourcePolicy': [{ property: 'Policy', kind: 'resource' }],
  'AWS::CloudTrail::ResourcePolicy': [{ property: 'ResourcePolicy', kind: 'resource' }],
  'AWS::KMS::Key': [{ property: 'KeyPolicy', kind: 'resource' }],
  'AWS::KMS::ReplicaKey': [{ property: 'KeyPolicy', kind: 'resource' }],
  'AWS::SecretsManager::ResourcePolicy': [{ property: 'ResourcePolicy', kind: 'resource' }],
  'AWS::ECR::Repository': [{ property: 'RepositoryPolicyText', kind: 'resource' }],
  'AWS::ECR::RegistryPolicy': [{ property: 'PolicyText', kind: 'resource' }],
  'AWS::EFS::FileSystem': [{ property: 'FileSystemPolicy', kind: 'resource' }],
  'AWS::Backup::BackupVault': [{ property: 'AccessPolicy', kind: 'resource' }],
  'AWS::OpenSearchService::Domain': [{ property: 'AccessPolicies', kind: 'resource' }],
  'AWS::Elasticsearch::Domain': [{ property: 'AccessPolicies', kind: 'resource' }],
  'AWS::ApiGateway::RestApi': [{ property: 'Policy', kind: 'resource' }],
  'AWS::Logs::ResourcePolicy': [{ property: 'PolicyDocument', kind: 'resource' }],
  'AWS::Events::EventBus': [{ property: 'Policy', kind: 'resource' }],
  'AWS::CodeArtifact::Domain': [{ property: 'PermissionsPolicyDocument', kind: 'resource' }],
  'AWS::CodeArtifact::Repository': [{ property: 'PermissionsPolicyDocument', kind: 'resource' }],
  'AWS::Glue::ResourcePolicy': [{ property: 'PolicyInJson', kind: 'resource' }],
  // AWS::EC2::VPCEndpoint's PolicyDocument is left out on purpose: an endpoint policy only narrows
  // what callers who already hold IAM permissions may do through the endpoint, and its customary
  // "Principal": "*" grants nothing; judged as a resource policy it would be reported as public.
  'AWS::Serverless::Function': [{ property: 'AssumeRolePolicyDocument', kind: 'trust' }],
  'AWS::Serverless::StateMachine': [],
};

/** Resource types whose `Policies` property lists inline identity policies `{PolicyName, PolicyDocument}`. */
export const INLINE_POLICY_LISTS = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);

/** SAM resources whose `Policies` take policy documents, bare statements, managed policy names and SAM policy templates. */
export const SAM_POLICY_LISTS = new Set(['AWS::Serverless::Function', 'AWS::Serverless::StateMachine']);
