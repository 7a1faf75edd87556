# Iceberg warehouse: versioned, encrypted by default, private, TLS only.

resource "aws_s3_bucket" "warehouse" {
  bucket        = var.warehouse_bucket_name != "" ? var.warehouse_bucket_name : null
  bucket_prefix = var.warehouse_bucket_name != "" ? null : "${var.name}-warehouse-"
  force_destroy = var.warehouse_force_destroy
}

resource "aws_s3_bucket_versioning" "warehouse" {
  bucket = aws_s3_bucket.warehouse.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "warehouse" {
  bucket = aws_s3_bucket.warehouse.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.warehouse_kms_key_arn != "" ? "aws:kms" : "AES256"
      kms_master_key_id = var.warehouse_kms_key_arn != "" ? var.warehouse_kms_key_arn : null
    }
    bucket_key_enabled = var.warehouse_kms_key_arn != ""
  }
}

resource "aws_s3_bucket_public_access_block" "warehouse" {
  bucket = aws_s3_bucket.warehouse.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "warehouse" {
  bucket = aws_s3_bucket.warehouse.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

data "aws_iam_policy_document" "warehouse_tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.warehouse.arn,
      "${aws_s3_bucket.warehouse.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "warehouse" {
  bucket = aws_s3_bucket.warehouse.id
  policy = data.aws_iam_policy_document.warehouse_tls_only.json

  depends_on = [aws_s3_bucket_public_access_block.warehouse]
}
