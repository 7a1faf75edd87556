output "ecs_cluster_name" {
  description = "ECS cluster running the silos."
  value       = aws_ecs_cluster.this.name
}

output "ecs_service_name" {
  description = "ECS service keeping the silo tasks running."
  value       = aws_ecs_service.silo.name
}

output "task_definition_arn" {
  description = "Current silo task definition."
  value       = aws_ecs_task_definition.silo.arn
}

output "grain_state_table_name" {
  description = "DynamoDB table holding grain state."
  value       = aws_dynamodb_table.grain_state.name
}

output "warehouse_bucket" {
  description = "S3 bucket of the Iceberg warehouse."
  value       = aws_s3_bucket.warehouse.bucket
}

output "warehouse_uri" {
  description = "Iceberg warehouse location the silos use (Iceberg__Warehouse)."
  value       = local.warehouse_uri
}

output "redis_primary_endpoint" {
  description = "ElastiCache endpoint for Orleans membership."
  value       = local.redis_endpoint
}

output "silo_security_group_id" {
  description = "Security group of the silo tasks (allow it on your Kafka brokers)."
  value       = aws_security_group.silo.id
}

output "log_group_name" {
  description = "CloudWatch log group of the silos."
  value       = aws_cloudwatch_log_group.silo.name
}

output "task_role_arn" {
  description = "IAM role the silo code runs with."
  value       = aws_iam_role.task.arn
}

output "iceberg_catalog_table_name" {
  description = "DynamoDB table of the Iceberg catalog (Apache Iceberg's DynamoDB catalog layout)."
  value       = aws_dynamodb_table.iceberg_catalog.name
}
