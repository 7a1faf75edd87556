# Two roles: the execution role lets ECS pull the image and write logs; the task role is what the silo itself may do,
# limited to its own grain state table, its Iceberg catalog table and its own warehouse prefix (data files, manifests,
# metadata JSON and the staging files of prepared epochs all live under it), and to exactly the calls it makes:
# Tests/Kickstarter.IntegrationTests/Operations/TaskRolePolicyProcessTests records every S3 and DynamoDB request of a
# run and fails when this policy denies one or grants an action, resource or condition value no request uses.

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

locals {
  # A Secrets Manager valueFrom may end in ":json-key:version-stage:version-id"; the policy names the secret itself.
  sasl_value_from = compact([var.kafka_sasl_username_value_from, var.kafka_sasl_password_value_from])
  sasl_secret_arns = distinct([
    for arn in local.sasl_value_from : join(":", slice(split(":", arn), 0, 7)) if can(regex("^arn:[^:]+:secretsmanager:", arn))
  ])
  sasl_parameter_arns = distinct([for arn in local.sasl_value_from : arn if can(regex("^arn:[^:]+:ssm:", arn))])
}

# The ECS agent reads the container's `secrets` with the execution role, before the silo starts.
data "aws_iam_policy_document" "execution_secrets" {
  count = length(local.sasl_value_from) > 0 ? 1 : 0

  dynamic "statement" {
    for_each = length(local.sasl_secret_arns) > 0 ? [local.sasl_secret_arns] : []

    content {
      sid       = "KafkaSaslSecrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = statement.value
    }
  }

  dynamic "statement" {
    for_each = length(local.sasl_parameter_arns) > 0 ? [local.sasl_parameter_arns] : []

    content {
      sid       = "KafkaSaslParameters"
      actions   = ["ssm:GetParameters"]
      resources = statement.value
    }
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  count  = length(local.sasl_value_from) > 0 ? 1 : 0
  name   = "${var.name}-silo-kafka-sasl"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution_secrets[0].json
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-silo-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "task" {
  # Orleans grain state (Connectors/DynamoDB): DescribeTable once at start (the table must exist: Terraform owns it),
  # GetItem to read a state, conditional PutItem to write one (Kickstarter's grains never clear state, so no DeleteItem).
  statement {
    sid = "GrainState"
    actions = [
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
    ]
    resources = [aws_dynamodb_table.grain_state.arn]
  }

  # The Iceberg catalog: DescribeTable at start (the start-up probe and the catalog: the table must exist), GetItem to
  # load a table or namespace, conditional PutItem to create one, conditional UpdateItem to commit. The silo never lists
  # tables, so no Query on the namespace-identifier index (readers such as Spark need it; their roles grant it).
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

  # ListObjectsV2 under the warehouse prefix only: the start-up probe, orphan-file listings and existence checks (a key
  # is checked by listing exactly that key). The condition allows prefixes inside "<prefix>/" only, so neighbouring
  # prefixes ("<prefix>-other/") stay unlisted. A GET or HEAD carries no s3:prefix, so this grant does not count for
  # them: AWS answers a GET of a missing key 403 instead of 404, which S3FileIO resolves with such a listing.
  statement {
    sid       = "WarehouseList"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.warehouse.arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.warehouse_prefix}/*"]
    }
  }

  # Objects under the prefix: GetObject, PutObject (also CreateMultipartUpload, UploadPart, CompleteMultipartUpload),
  # DeleteObject (staging clean-up, maintenance, the probe object), AbortMultipartUpload (a failed multipart upload).
  statement {
    sid = "WarehouseObjects"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
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

# What Silo/Configuration/Aws reads for a service account user: the Confluent secrets (through SSM's
# /aws/reference/secretsmanager/) and the consumer and producer parameter paths. infra/confluent/aws-secrets writes
# them and outputs exactly this policy.
resource "aws_iam_role_policy" "task_confluent_read" {
  count  = var.service_account_user != "" ? 1 : 0
  name   = "${var.name}-silo-confluent-read"
  role   = aws_iam_role.task.id
  policy = var.silo_read_policy_json

  lifecycle {
    precondition {
      condition     = var.silo_read_policy_json != ""
      error_message = "service_account_user needs silo_read_policy_json (the silo_read_policy_json output of infra/confluent/aws-secrets)."
    }
  }
}
