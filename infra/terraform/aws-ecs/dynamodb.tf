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
