# The role Snowflake assumes to read the warehouse: read-only, exactly the warehouse prefix. Snowflake names its IAM
# user and an external id only once the external volume exists, so the trust policy is completed on a second apply.

locals {
  warehouse_arn   = "arn:aws:s3:::${var.warehouse_bucket}"
  trust_snowflake = var.snowflake_iam_user_arn != ""
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "snowflake_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = [local.trust_snowflake ? var.snowflake_iam_user_arn : "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [local.trust_snowflake ? var.snowflake_external_id : "not-yet-known"]
    }
  }
}

resource "aws_iam_role" "snowflake" {
  name               = "${var.name}-snowflake-warehouse-read"
  assume_role_policy = data.aws_iam_policy_document.snowflake_trust.json
}

data "aws_iam_policy_document" "snowflake_read" {
  statement {
    sid       = "WarehouseList"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [local.warehouse_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [var.warehouse_prefix, "${var.warehouse_prefix}/*"]
    }
  }

  statement {
    sid       = "WarehouseRead"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${local.warehouse_arn}/${var.warehouse_prefix}/*"]
  }
}

resource "aws_iam_role_policy" "snowflake_read" {
  name   = "${var.name}-snowflake-warehouse-read"
  role   = aws_iam_role.snowflake.id
  policy = data.aws_iam_policy_document.snowflake_read.json
}
