variable "confluent_cloud_api_key" {
  type        = string
  sensitive   = true
  description = "Confluent Cloud API key (Cloud resource management) of the account Terraform acts as (OrganizationAdmin, or EnvironmentAdmin of an existing environment's organization)."
}

variable "confluent_cloud_api_secret" {
  type        = string
  sensitive   = true
  description = "Secret of confluent_cloud_api_key."
}

variable "aws_region" {
  type        = string
  default     = "us-east-1"
  description = "AWS region of the Kafka cluster (Confluent Cloud on AWS) and of the Secrets Manager secrets and SSM parameters."
}

variable "tags" {
  type        = map(string)
  default     = {}
  description = "Extra tags for the AWS resources (secrets, parameters)."
}

variable "environment_name" {
  type        = string
  default     = "kickstarter"
  description = "Display name of the Confluent Cloud environment."
}

variable "stream_governance_package" {
  type        = string
  default     = "ESSENTIALS"
  description = "Stream Governance package of the environment, which provisions its Schema Registry: ESSENTIALS or ADVANCED."

  validation {
    condition     = contains(["ESSENTIALS", "ADVANCED"], var.stream_governance_package)
    error_message = "stream_governance_package must be ESSENTIALS or ADVANCED."
  }
}

variable "kafka_cluster_name" {
  type        = string
  default     = "kickstarter"
  description = "Display name of the Kafka cluster."
}

variable "kafka_cluster_type" {
  type        = string
  default     = "standard"
  description = "Kafka cluster type: basic (development) or standard (production; with MULTI_ZONE it survives a zone failure)."

  validation {
    condition     = contains(["basic", "standard"], var.kafka_cluster_type)
    error_message = "kafka_cluster_type must be basic or standard."
  }
}

variable "kafka_cluster_availability" {
  type        = string
  default     = "SINGLE_ZONE"
  description = "SINGLE_ZONE or MULTI_ZONE (standard clusters only)."

  validation {
    condition     = contains(["SINGLE_ZONE", "MULTI_ZONE"], var.kafka_cluster_availability)
    error_message = "kafka_cluster_availability must be SINGLE_ZONE or MULTI_ZONE."
  }
}

variable "topic_partitions" {
  type        = number
  default     = 8
  description = "Partitions of each airline topic: the pipeline's parallelism. Keep it equal to the silo's Kafka__Partitions."

  validation {
    condition     = var.topic_partitions >= 1
    error_message = "topic_partitions must be at least 1."
  }
}

variable "topic_retention_ms" {
  type        = number
  default     = 604800000
  description = "Retention of the airline topics in milliseconds (default 7 days). A silo that is down longer than this loses its place: keep it above the longest outage you plan for."
}

variable "dead_letter_retention_ms" {
  type        = number
  default     = 2592000000
  description = "Retention of airline.dlq in milliseconds (default 30 days): time to look at a poison record before it is gone."
}

variable "service_account_user" {
  type        = string
  default     = "kickstarter_silo"
  description = "Name of the silo's service account; also the <service_account_user> segment of the secret and parameter paths the silo reads (lower-cased)."

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+$", var.service_account_user))
    error_message = "service_account_user may hold letters, digits, '_', '.' and '-' only (it is a path segment)."
  }
}

variable "consumer_group_prefix" {
  type        = string
  default     = "orleans-kafka-"
  description = "Prefix of the consumer group ids the silo uses (orleans-<stream provider name>); the service account may read groups with it."
}

variable "transactional_id_prefix" {
  type        = string
  default     = "kickstarter-"
  description = "Prefix of the transactional.id the committers use (kickstarter-<job>); the service account may write with it."
}

variable "api_key_rotation_days" {
  type        = number
  default     = 30
  description = "A new Kafka and a new Schema Registry API key every this many days (on the first apply after the day comes)."

  validation {
    condition     = var.api_key_rotation_days >= 1
    error_message = "api_key_rotation_days must be at least 1."
  }
}

variable "api_keys_to_retain" {
  type        = number
  default     = 2
  description = "API keys kept alive per resource: the active one and the previous ones, so clients holding an older key keep working until they read the new secret. Changing it replaces every key."

  validation {
    condition     = var.api_keys_to_retain >= 2 && var.api_keys_to_retain <= 10
    error_message = "api_keys_to_retain must be between 2 and 10 (1 would revoke the key clients hold at each rotation)."
  }
}

variable "consumer_kafka_client_properties" {
  type = map(string)
  default = {
    "client.dns.lookup"    = "use_all_dns_ips"
    "session.timeout.ms"   = "45000"
    "max.poll.interval.ms" = "300000"
  }
  description = "librdkafka/Java consumer properties stored as SSM parameters under /confluent_cloud_resource/<user>/consumer_kafka_client/. Not enable.auto.commit, auto.offset.reset or enable.auto.offset.store: the silo owns those and refuses them."
}

variable "producer_kafka_client_properties" {
  type = map(string)
  default = {
    "client.dns.lookup"      = "use_all_dns_ips"
    "acks"                   = "all"
    "compression.type"       = "zstd"
    "transaction.timeout.ms" = "60000"
  }
  description = "Producer properties stored as SSM parameters under /confluent_cloud_resource/<user>/producer_kafka_client/."
}

variable "secret_recovery_window_in_days" {
  type        = number
  default     = 0
  description = "Days Secrets Manager keeps a deleted secret. 0 deletes at once, so an undeploy followed by a deploy can recreate the same names (the contents are regenerated anyway)."
}

variable "secrets_kms_key_id" {
  type        = string
  default     = null
  description = "KMS key for the secrets and SecureString parameters. Null: the AWS managed keys."
}
