# Orleans membership table (Membership__Provider=Redis). In transit and at rest encryption on; the silo connects with
# ssl=true.

resource "aws_elasticache_subnet_group" "membership" {
  name       = "${var.name}-membership"
  subnet_ids = var.private_subnet_ids
}

resource "aws_elasticache_replication_group" "membership" {
  replication_group_id       = "${var.name}-membership"
  description                = "Kickstarter Orleans cluster membership"
  engine                     = "redis"
  engine_version             = var.redis_engine_version
  node_type                  = var.redis_node_type
  num_cache_clusters         = var.redis_num_cache_clusters
  port                       = 6379
  parameter_group_name       = "default.redis7"
  subnet_group_name          = aws_elasticache_subnet_group.membership.name
  security_group_ids         = [aws_security_group.redis.id]
  automatic_failover_enabled = local.redis_failover
  multi_az_enabled           = local.redis_failover
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  apply_immediately          = false
  snapshot_retention_limit   = 0
}
