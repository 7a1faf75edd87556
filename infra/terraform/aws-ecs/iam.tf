# Two roles: the execution role lets ECS pull the image and write logs; the task role is what the silo itself may do,
# limited to its own grain state table, its Iceberg catalog table and its own warehouse prefix (data files, manifests,
# metadata JSON and the staging files of prepared epochs all live under it).

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-silo-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-silo-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "task" {
  statement {
    sid = "GrainState"
    actions = [
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:ConditionCheckItem",
    ]
    resources = [aws_dynamodb_table.grain_state.arn]
  }

  # The Iceberg catalog: DescribeTable once at start (the table must exist), GetItem to load a table or namespace,
  # conditional PutItem to create one, conditional UpdateItem to commit, Query on the index to list tables.
  statement {
    sid = "IcebergCatalog"
    actions = [
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ]
    resources = [aws_dynamodb_table.iceberg_catalog.arn]
  }

  statement {
    sid       = "IcebergCatalogIndex"
    actions   = ["dynamodb:Query"]
    resources = ["${aws_dynamodb_table.iceberg_catalog.arn}/index/namespace-identifier"]
  }

  statement {
    sid       = "WarehouseList"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [aws_s3_bucket.warehouse.arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [var.warehouse_prefix, "${var.warehouse_prefix}/*"]
    }
  }

  statement {
    sid = "WarehouseObjects"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = [local.warehouse_keys]
  }

  dynamic "statement" {
    for_each = var.warehouse_kms_key_arn != "" ? [var.warehouse_kms_key_arn] : []

    content {
      sid       = "WarehouseKms"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "task" {
  name   = "${var.name}-silo-state-and-warehouse"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}
