locals {
  table_name         = var.grain_state_table_name != "" ? var.grain_state_table_name : "${var.name}-grain-state"
  catalog_table_name = var.iceberg_catalog_table_name != "" ? var.iceberg_catalog_table_name : "${var.name}-iceberg-catalog"
  warehouse_uri      = "s3://${aws_s3_bucket.warehouse.bucket}/${var.warehouse_prefix}"
  redis_failover     = var.redis_num_cache_clusters > 1
  redis_endpoint     = aws_elasticache_replication_group.membership.primary_endpoint_address
  container_name     = "silo"
  warehouse_keys     = "${aws_s3_bucket.warehouse.arn}/${var.warehouse_prefix}/*"
  orleans_service    = var.name
}
