/**
 * Descriptions of AWS's global condition keys. iam-data lists these keys with their types but
 * without descriptions, so they are written here, after AWS's "AWS global condition context keys"
 * page. Keys that end in `/tag-key` take the tag's name in that place (`aws:PrincipalTag/team`).
 */
export const GLOBAL_CONDITION_KEY_DESCRIPTIONS: Readonly<Record<string, string>> = {
  // The principal making the request
  'aws:PrincipalArn': 'The ARN of the principal that made the request: for a role session, the ARN of the role (not of the session).',
  'aws:PrincipalAccount': 'The AWS account ID of the principal that made the request.',
  'aws:PrincipalOrgID':
    "The ID of the AWS Organizations organization (o-xxxxxxxxxx) of the principal's account. Lets a policy admit every account of the organization without listing them.",
  'aws:PrincipalOrgPaths':
    "The AWS Organizations path (o-id/r-id/ou-id/...) of the principal's account; use with ForAnyValue:StringLike to admit an organizational unit.",
  'aws:PrincipalTag/tag-key': 'The value of a tag attached to the principal (IAM user or role), or passed as a session tag.',
  'aws:PrincipalIsAWSService':
    'Whether the request is made by an AWS service principal (e.g. cloudtrail.amazonaws.com) using its own identity.',
  'aws:PrincipalServiceName': 'The service principal name (e.g. cloudtrail.amazonaws.com) when an AWS service makes the request.',
  'aws:PrincipalServiceNamesList': 'Every service principal name of the service making the request.',
  'aws:PrincipalType': 'The type of principal: Account, User, FederatedUser, AssumedRole or Anonymous.',
  'aws:userid': 'The unique ID of the principal: AIDA... for a user, AROA...:session-name for a role session.',
  'aws:username': 'The friendly name of the IAM user that made the request (absent for role sessions).',
  'aws:AssumedRoot': 'Whether the request is made with a root session obtained through sts:AssumeRoot.',
  'aws:FederatedProvider': 'The identity provider (OIDC or SAML) that issued the identity of a federated session.',
  'aws:TokenIssueTime': 'The date and time the temporary security credentials of the request were issued.',
  'aws:MultiFactorAuthAge': 'Seconds since the principal authenticated with MFA; absent when the credentials were not obtained with MFA.',
  'aws:MultiFactorAuthPresent':
    'Whether the request\'s temporary credentials were obtained with MFA. Absent for long-term access keys, so test it with BoolIfExists or Null rather than Bool "false".',
  'aws:ChatbotSourceArn': 'The ARN of the AWS Chatbot channel configuration that made the request.',
  'aws:Ec2InstanceSourceVpc': 'The VPC of the EC2 instance whose role credentials signed the request.',
  'aws:Ec2InstanceSourcePrivateIPv4': 'The private IPv4 address of the EC2 instance whose role credentials signed the request.',
  'aws:SourceIdentity': 'The source identity set by the principal when it assumed the role, carried through role chaining.',
  // The network
  'aws:SourceIp':
    'The public IP address the request came from. Not present for requests through a VPC endpoint (use aws:VpcSourceIp) or made by an AWS service on your behalf.',
  'aws:SourceVpc': 'The ID of the VPC whose VPC endpoint the request came through.',
  'aws:SourceVpcArn': 'The ARN of the VPC whose VPC endpoint the request came through.',
  'aws:SourceVpce': 'The ID of the VPC endpoint the request came through.',
  'aws:VpceAccount': 'The AWS account that owns the VPC endpoint the request came through.',
  'aws:VpceOrgPaths': 'The AWS Organizations path of the account that owns the VPC endpoint.',
  'aws:VpceOrgID': 'The organization ID of the account that owns the VPC endpoint.',
  'aws:VpcSourceIp': 'The private IP address the request came from, through a VPC endpoint.',
  // The resource
  'aws:ResourceAccount': 'The AWS account ID that owns the resource of the request.',
  'aws:ResourceOrgID': 'The organization ID of the account that owns the resource.',
  'aws:ResourceOrgPaths': 'The AWS Organizations path of the account that owns the resource.',
  'aws:ResourceTag/tag-key': 'The value of a tag attached to the resource of the request.',
  // The request
  'aws:CalledVia': "The service principals, in order, that made requests on the principal's behalf (e.g. cloudformation.amazonaws.com).",
  'aws:CalledViaFirst': 'The first service principal in aws:CalledVia.',
  'aws:CalledViaLast': 'The last service principal in aws:CalledVia: the one that made this request.',
  'aws:CalledViaAWSMCP': "The AWS MCP server that made the request on the principal's behalf.",
  'aws:ViaAWSService':
    "Whether an AWS service made this request on the principal's behalf using the principal's credentials (forward access sessions).",
  'aws:ViaAWSMCPService': "Whether an AWS MCP server made this request on the principal's behalf.",
  'aws:CurrentTime': 'The date and time of the request (ISO 8601), for time-limited access with Date operators.',
  'aws:EpochTime': 'The date and time of the request in seconds since the epoch, for Date or Numeric operators.',
  'aws:referer': 'The HTTP Referer header of the request; set by the client, so never a security control.',
  'aws:RequestedRegion': 'The AWS Region the request is sent to (e.g. eu-west-1); global services such as IAM report us-east-1.',
  'aws:RequestTag/tag-key': 'The value of a tag passed in the request (creating or tagging a resource).',
  'aws:TagKeys': 'The tag keys passed in the request; a multivalued key, so use ForAllValues: or ForAnyValue:.',
  'aws:SecureTransport': 'Whether the request was sent over TLS. Deny with Bool "false" to refuse plain HTTP.',
  'aws:SourceArn':
    'The ARN of the resource on whose behalf an AWS service makes a service-to-service request; guards against the confused deputy problem.',
  'aws:SourceAccount':
    'The account of the resource on whose behalf an AWS service makes a service-to-service request; guards against the confused deputy problem.',
  'aws:SourceOwner':
    'The account that owns the source of a service-to-service request (a few services use it instead of aws:SourceAccount).',
  'aws:SourceOrgPaths': 'The AWS Organizations path of the account of the resource in a service-to-service request.',
  'aws:SourceOrgID': 'The organization ID of the account of the resource in a service-to-service request.',
  'aws:UserAgent': 'The HTTP User-Agent of the request; set by the client, so never a security control.',
  'aws:IsMcpServiceAction': 'Whether the action is performed through an AWS MCP server.',
  // Keys of other services that the catalog lists among the global ones
  'ec2:RoleDelivery': 'The version of the EC2 instance metadata service (1.0 or 2.0) that delivered the role credentials.',
  'ec2:SourceInstanceArn': 'The ARN of the EC2 instance whose role credentials signed the request.',
  'glue:RoleAssumedBy': 'The AWS Glue service that assumed the role whose credentials signed the request.',
  'glue:CredentialIssuingService': 'The AWS Glue service that issued the credentials of the request.',
  'lambda:SourceFunctionArn': 'The ARN of the Lambda function whose execution role credentials signed the request.',
  'ssm:SourceInstanceArn': 'The ARN of the Systems Manager managed instance whose credentials signed the request.',
  'identitystore:UserId': 'The IAM Identity Center user ID of the principal behind an identity-enhanced session.',
};

/** Advice the catalog's description lacks, appended to a key's hover. */
export const CONDITION_KEY_ADVICE: Readonly<Record<string, string>> = {
  'sts:ExternalId':
    'A role that a third party assumes should require it: `"StringEquals": {"sts:ExternalId": "<value the third party gave you>"}`. ' +
    'It defeats the confused deputy problem only as an exact match of a value unique to you, never StringLike on a wildcard.',
  'aws:PrincipalOrgID': 'Prefer it to listing account IDs: new accounts of the organization are admitted and outside ones are not.',
  'aws:SourceArn': "In a service role's trust policy, pair it with aws:SourceAccount.",
  'aws:SourceAccount': "In a service role's trust policy, pair it with aws:SourceArn.",
  'aws:MultiFactorAuthPresent':
    '`"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}` in a Deny refuses both non-MFA sessions and access keys.',
};
