output "environment_id" {
  description = "Confluent Cloud environment id."
  value       = confluent_environment.kickstarter.id
}

output "kafka_cluster_id" {
  description = "Kafka cluster id."
  value       = confluent_kafka_cluster.kickstarter.id
}

output "kafka_bootstrap_servers" {
  description = "Bootstrap servers (host:port) for Kafka__BootstrapServers."
  value       = module.aws_secrets.kafka_bootstrap_servers
}

output "schema_registry_url" {
  description = "Schema Registry REST endpoint."
  value       = data.confluent_schema_registry_cluster.kickstarter.rest_endpoint
}

output "topics" {
  description = "Topics created, with their partition count."
  value       = { for name, topic in confluent_kafka_topic.airline : name => topic.partitions_count }
}

output "silo_service_account_id" {
  description = "Service account the silo's keys belong to."
  value       = confluent_service_account.silo.id
}

output "active_api_key_slot" {
  description = "Slot whose keys are in the secrets now."
  value       = local.active_api_key_slot
}

output "api_key_rotations" {
  description = "Per slot: the Kafka and Schema Registry key ids (not secrets) and when the slot is next replaced."
  value = [
    for slot in range(var.api_keys_to_retain) : {
      slot                       = slot
      kafka_api_key_id           = confluent_api_key.silo_kafka[slot].id
      schema_registry_api_key_id = confluent_api_key.silo_schema_registry[slot].id
      next_rotation              = time_rotating.api_key[slot].rotation_rfc3339
    }
  ]
}

output "kafka_client_secret_name" {
  description = "Secrets Manager secret with the Kafka client properties."
  value       = module.aws_secrets.kafka_client_secret_name
}

output "schema_registry_client_secret_name" {
  description = "Secrets Manager secret with the Schema Registry client properties."
  value       = module.aws_secrets.schema_registry_client_secret_name
}

output "silo_read_policy_json" {
  description = "IAM policy (JSON) that lets the silo read exactly these secrets and parameters: attach it to its task role."
  value       = module.aws_secrets.silo_read_policy_json
}
