import type { PolicyKind } from '../hostPolicy';

/**
 * Where Terraform's AWS provider takes a policy document: resource type → attribute → kind. The
 * kind comes from the slot, never from the content.
 */
const IDENTITY: PolicyKind = 'identity';
const RESOURCE: PolicyKind = 'resource';

export const POLICY_SLOTS: ReadonlyMap<string, ReadonlyMap<string, PolicyKind>> = new Map(
  Object.entries({
    aws_iam_role: { assume_role_policy: 'trust' },
    aws_iam_policy: { policy: IDENTITY },
    aws_iam_role_policy: { policy: IDENTITY },
    aws_iam_user_policy: { policy: IDENTITY },
    aws_iam_group_policy: { policy: IDENTITY },
    aws_ssoadmin_permission_set_inline_policy: { inline_policy: IDENTITY },
    aws_s3_bucket_policy: { policy: RESOURCE },
    aws_s3_bucket: { policy: RESOURCE },
    aws_s3_access_point: { policy: RESOURCE },
    aws_s3control_access_point_policy: { policy: RESOURCE },
    aws_s3control_bucket_policy: { policy: RESOURCE },
    aws_sns_topic_policy: { policy: RESOURCE },
    aws_sns_topic: { policy: RESOURCE },
    aws_sqs_queue_policy: { policy: RESOURCE },
    aws_sqs_queue: { policy: RESOURCE },
    aws_kms_key: { policy: RESOURCE },
    aws_kms_key_policy: { policy: RESOURCE },
    aws_kms_replica_key: { policy: RESOURCE },
    aws_ecr_repository_policy: { policy: RESOURCE },
    aws_ecr_registry_policy: { policy: RESOURCE },
    aws_ecrpublic_repository_policy: { policy: RESOURCE },
    aws_secretsmanager_secret_policy: { policy: RESOURCE },
    aws_secretsmanager_secret: { policy: RESOURCE },
    aws_glacier_vault: { access_policy: RESOURCE },
    aws_backup_vault_policy: { policy: RESOURCE },
    aws_efs_file_system_policy: { policy: RESOURCE },
    aws_api_gateway_rest_api_policy: { policy: RESOURCE },
    aws_api_gateway_rest_api: { policy: RESOURCE },
    aws_cloudwatch_log_resource_policy: { policy_document: RESOURCE },
    aws_cloudwatch_log_destination_policy: { access_policy: RESOURCE },
    aws_cloudwatch_event_bus_policy: { policy: RESOURCE },
    aws_elasticsearch_domain_policy: { access_policies: RESOURCE },
    aws_elasticsearch_domain: { access_policies: RESOURCE },
    aws_opensearch_domain_policy: { access_policies: RESOURCE },
    aws_opensearch_domain: { access_policies: RESOURCE },
    aws_glue_resource_policy: { policy: RESOURCE },
    aws_dynamodb_resource_policy: { policy: RESOURCE },
    aws_kinesis_resource_policy: { policy: RESOURCE },
    aws_codeartifact_domain_permissions_policy: { policy_document: RESOURCE },
    aws_codeartifact_repository_permissions_policy: { policy_document: RESOURCE },
    // aws_vpc_endpoint's and aws_vpc_endpoint_policy's policy are left out on purpose, as
    // CloudFormation's AWS::EC2::VPCEndpoint is: an endpoint policy only narrows what callers who
    // already hold IAM permissions may do through the endpoint, and its customary "Principal": "*"
    // grants nothing; judged as a resource policy it was reported as open to anonymous callers.
    aws_organizations_resource_policy: { content: RESOURCE },
    aws_media_store_container_policy: { policy: RESOURCE },
    aws_xray_resource_policy: { policy_document: RESOURCE },
    aws_ssm_resource_policy: { policy: RESOURCE },
    aws_networkfirewall_resource_policy: { policy: RESOURCE },
  }).map(([type, attributes]) => [type, new Map(Object.entries(attributes) as Array<[string, PolicyKind]>)]),
);

/** `aws_iam_role`'s `inline_policy { policy = ... }` blocks hold identity policies. */
export const INLINE_POLICY_BLOCKS: ReadonlyMap<string, string> = new Map([['aws_iam_role', 'inline_policy']]);

export const POLICY_DOCUMENT_DATA = 'aws_iam_policy_document';
