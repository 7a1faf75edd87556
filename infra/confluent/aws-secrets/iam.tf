# Read access to exactly what this module stores, for the silo's role. Reading a secret through SSM's
# /aws/reference/secretsmanager/ path needs both ssm:GetParameter on the reference and secretsmanager:GetSecretValue.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  parameter_arn_prefix = "arn:${data.aws_partition.current.partition}:ssm:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:parameter"
}

data "aws_iam_policy_document" "silo_read" {
  statement {
    sid       = "ReadClientSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [aws_secretsmanager_secret.kafka_client.arn, aws_secretsmanager_secret.schema_registry_client.arn]
  }

  statement {
    sid     = "ReadClientParameters"
    actions = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]
    resources = [
      "${local.parameter_arn_prefix}${local.parameter_prefix}/consumer_kafka_client",
      "${local.parameter_arn_prefix}${local.parameter_prefix}/consumer_kafka_client/*",
      "${local.parameter_arn_prefix}${local.parameter_prefix}/producer_kafka_client",
      "${local.parameter_arn_prefix}${local.parameter_prefix}/producer_kafka_client/*",
      "${local.parameter_arn_prefix}/aws/reference/secretsmanager/${local.secret_prefix}/*",
    ]
  }

  dynamic "statement" {
    for_each = var.kms_key_id == null ? [] : [var.kms_key_id]
    content {
      sid       = "DecryptClientSecrets"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]
    }
  }
}
