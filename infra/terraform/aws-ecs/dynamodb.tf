# Grain state: one item per grain state, keyed by a string partition key (the silo's DynamoDB storage provider).
# Terraform owns the table, so the silo runs with CreateIfNotExists=false and needs no CreateTable permission.

resource "aws_dynamodb_table" "grain_state" {
  name                        = local.table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = var.grain_state_hash_key
  deletion_protection_enabled = var.dynamodb_deletion_protection

  attribute {
    name = var.grain_state_hash_key
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

# Iceberg catalog: Apache Iceberg's DynamoDB catalog layout (iceberg-aws DynamoDbCatalog), so Spark, Trino, Flink and
# PyIceberg open the same tables: hash key "identifier" ("ns.table", or "NAMESPACE" for a namespace item), range key
# "namespace", and the "namespace-identifier" index (keys only) that lists tables. Commits are conditional writes on
# the table's item: the atomic step S3 itself cannot give. Terraform owns it (CreateTableIfNotExists=false).
resource "aws_dynamodb_table" "iceberg_catalog" {
  name                        = local.catalog_table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "identifier"
  range_key                   = "namespace"
  deletion_protection_enabled = var.dynamodb_deletion_protection

  attribute {
    name = "identifier"
    type = "S"
  }

  attribute {
    name = "namespace"
    type = "S"
  }

  global_secondary_index {
    name            = "namespace-identifier"
    hash_key        = "namespace"
    range_key       = "identifier"
    projection_type = "KEYS_ONLY"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}
