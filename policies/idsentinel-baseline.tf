# IDSentinel identity baseline (IAM Least Privilege seed scenario), as Terraform.
# Generated from policies/*.json by scripts/build-baseline-template.mjs: do not edit by hand.

variable "external_id" {
  description = "The sts:ExternalId the auditor role's trust policy requires (at least 8 characters)."
  type        = string
  sensitive   = true
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

resource "aws_iam_group" "reporters" {
  name = "GRP-IAMReporters"
}

# Explicit Allow of IAM reads, explicit Deny of every IAM write (IDSentinel-ReadOnly-Policy.json).
resource "aws_iam_policy" "read_only" {
  name   = "IDSentinel-ReadOnly-Policy"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AllowIamReadOnly"
        Effect = "Allow"
        Action = [
          "iam:Generate*",
          "iam:Get*",
          "iam:List*",
          "iam:Simulate*",
        ]
        Resource = "*"
      },
      {
        Sid      = "AllowAssumeAuditorRole"
        Effect   = "Allow"
        Action   = "sts:AssumeRole"
        Resource = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/Role-IDSentinel-Auditor"
      },
      {
        Sid    = "DenyEveryIamWrite"
        Effect = "Deny"
        Action = [
          "iam:Accept*",
          "iam:Add*",
          "iam:Associate*",
          "iam:Attach*",
          "iam:Change*",
          "iam:Create*",
          "iam:Deactivate*",
          "iam:Delete*",
          "iam:Detach*",
          "iam:Disable*",
          "iam:Enable*",
          "iam:Pass*",
          "iam:Put*",
          "iam:Reject*",
          "iam:Remove*",
          "iam:Reset*",
          "iam:Resync*",
          "iam:Send*",
          "iam:Set*",
          "iam:Tag*",
          "iam:Untag*",
          "iam:Update*",
          "iam:Upload*",
        ]
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_group_policy_attachment" "read_only" {
  group      = aws_iam_group.reporters.name
  policy_arn = aws_iam_policy.read_only.arn
}

# Programmatic access only: no login profile. Create its access key yourself.
resource "aws_iam_user" "reporter" {
  name = "svc-idsentinel-reporter"
}

resource "aws_iam_user_group_membership" "reporter" {
  user   = aws_iam_user.reporter.name
  groups = [aws_iam_group.reporters.name]
}

# Only svc-idsentinel-reporter may assume it, with the ExternalId (Role-IDSentinel-Auditor.trust.json).
resource "aws_iam_role" "auditor" {
  name                 = "Role-IDSentinel-Auditor"
  max_session_duration = 3600
  assume_role_policy   = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "TrustReporterWithExternalId"
        Effect = "Allow"
        Principal = {
          AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:user/svc-idsentinel-reporter"
        }
        Action = "sts:AssumeRole"
        Condition = {
          StringEquals = {
            "sts:ExternalId" = var.external_id
          }
        }
      },
    ]
  })
  depends_on           = [aws_iam_user.reporter]
}

# Read-only audit access of the auditor role (Role-IDSentinel-Auditor.permissions.json).
resource "aws_iam_policy" "auditor" {
  name   = "IDSentinel-Auditor-Permissions"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AllowIamReadOnlyAudit"
        Effect = "Allow"
        Action = [
          "iam:Generate*",
          "iam:Get*",
          "iam:List*",
          "iam:Simulate*",
        ]
        Resource = "*"
      },
      {
        Sid    = "AllowCloudTrailEvidence"
        Effect = "Allow"
        Action = [
          "cloudtrail:DescribeTrails",
          "cloudtrail:GetEventSelectors",
          "cloudtrail:GetTrail",
          "cloudtrail:GetTrailStatus",
          "cloudtrail:ListTrails",
          "cloudtrail:LookupEvents",
        ]
        Resource = "*"
      },
      {
        Sid    = "AllowReadAuditLogs"
        Effect = "Allow"
        Action = [
          "s3:GetObject",
          "s3:ListBucket",
        ]
        Resource = [
          "arn:${data.aws_partition.current.partition}:s3:::idsentinel-cloudtrail-logs",
          "arn:${data.aws_partition.current.partition}:s3:::${aws_s3_bucket.logs.id}/AWSLogs/${data.aws_caller_identity.current.account_id}/*",
        ]
      },
      {
        Sid    = "DenyEveryIamWrite"
        Effect = "Deny"
        Action = [
          "iam:Accept*",
          "iam:Add*",
          "iam:Associate*",
          "iam:Attach*",
          "iam:Change*",
          "iam:Create*",
          "iam:Deactivate*",
          "iam:Delete*",
          "iam:Detach*",
          "iam:Disable*",
          "iam:Enable*",
          "iam:Pass*",
          "iam:Put*",
          "iam:Reject*",
          "iam:Remove*",
          "iam:Reset*",
          "iam:Resync*",
          "iam:Send*",
          "iam:Set*",
          "iam:Tag*",
          "iam:Untag*",
          "iam:Update*",
          "iam:Upload*",
        ]
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "auditor" {
  role       = aws_iam_role.auditor.name
  policy_arn = aws_iam_policy.auditor.arn
}

resource "aws_s3_bucket" "logs" {
  bucket = "idsentinel-cloudtrail-logs-${data.aws_caller_identity.current.account_id}"
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AWSCloudTrailAclCheck"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "s3:GetBucketAcl"
        Resource = "arn:${data.aws_partition.current.partition}:s3:::idsentinel-cloudtrail-logs"
        Condition = {
          StringEquals = {
            "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:cloudtrail:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:trail/IDSentinel-AuditTrail"
          }
        }
      },
      {
        Sid    = "AWSCloudTrailWrite"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "s3:PutObject"
        Resource = "arn:${data.aws_partition.current.partition}:s3:::${aws_s3_bucket.logs.id}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"
        Condition = {
          StringEquals = {
            "s3:x-amz-acl"  = "bucket-owner-full-control"
            "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:cloudtrail:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:trail/IDSentinel-AuditTrail"
          }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource = [
          "arn:${data.aws_partition.current.partition}:s3:::idsentinel-cloudtrail-logs",
          "arn:${data.aws_partition.current.partition}:s3:::${aws_s3_bucket.logs.id}/*",
        ]
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}

resource "aws_cloudtrail" "audit" {
  name                          = "IDSentinel-AuditTrail"
  s3_bucket_name                = aws_s3_bucket.logs.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  depends_on                    = [aws_s3_bucket_policy.logs]
}
