output "kafka_bootstrap_servers" {
  description = "Bootstrap servers stored in the Kafka client secret."
  value       = var.kafka_bootstrap_servers
}

output "kafka_client_secret_name" {
  description = "Secrets Manager name of the Kafka client properties."
  value       = aws_secretsmanager_secret.kafka_client.name
}

output "kafka_client_secret_arn" {
  description = "ARN of the Kafka client secret."
  value       = aws_secretsmanager_secret.kafka_client.arn
}

output "schema_registry_client_secret_name" {
  description = "Secrets Manager name of the Schema Registry client properties."
  value       = aws_secretsmanager_secret.schema_registry_client.name
}

output "schema_registry_client_secret_arn" {
  description = "ARN of the Schema Registry client secret."
  value       = aws_secretsmanager_secret.schema_registry_client.arn
}

output "consumer_parameter_path" {
  description = "SSM path holding one parameter per consumer property."
  value       = "${local.parameter_prefix}/consumer_kafka_client"
}

output "producer_parameter_path" {
  description = "SSM path holding one parameter per producer property."
  value       = "${local.parameter_prefix}/producer_kafka_client"
}

output "silo_read_policy_json" {
  description = "IAM policy JSON granting read access to the secrets and parameters above."
  value       = data.aws_iam_policy_document.silo_read.json
}
