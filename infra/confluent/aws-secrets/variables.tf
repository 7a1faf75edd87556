variable "service_account_user" {
  type        = string
  description = "The <service_account_user> segment of every path (the Confluent service account's name, lower-cased)."

  validation {
    condition     = can(regex("^[a-z0-9_.-]+$", var.service_account_user))
    error_message = "service_account_user must be lower case letters, digits, '_', '.' or '-' (it is a path segment)."
  }
}

variable "kafka_bootstrap_servers" {
  type        = string
  description = "Kafka bootstrap servers, host:port[,host:port...] (no SASL_SSL:// prefix)."

  validation {
    condition     = can(regex("^[^,:/\\s]+:[0-9]+(,[^,:/\\s]+:[0-9]+)*$", var.kafka_bootstrap_servers))
    error_message = "kafka_bootstrap_servers must be host:port[,host:port...] with no scheme (strip SASL_SSL://)."
  }
}

variable "kafka_api_key" {
  type = object({
    id     = string
    secret = string
  })
  sensitive   = true
  description = "The active Kafka API key and secret of the service account."
}

variable "schema_registry_url" {
  type        = string
  description = "Schema Registry REST endpoint (https://...)."

  validation {
    condition     = can(regex("^https?://", var.schema_registry_url))
    error_message = "schema_registry_url must be an http(s) URL."
  }
}

variable "schema_registry_api_key" {
  type = object({
    id     = string
    secret = string
  })
  sensitive   = true
  description = "The active Schema Registry API key and secret of the service account."
}

variable "consumer_kafka_client_properties" {
  type        = map(string)
  default     = {}
  description = "Consumer properties, one SSM parameter each under /confluent_cloud_resource/<user>/consumer_kafka_client/."

  validation {
    condition = length(setintersection(
      keys(var.consumer_kafka_client_properties), ["enable.auto.commit", "auto.offset.reset", "enable.auto.offset.store"]
    )) == 0
    error_message = "consumer_kafka_client_properties must not set enable.auto.commit, auto.offset.reset or enable.auto.offset.store: the silo owns them (exactly-once offsets) and refuses to start with them."
  }
}

variable "producer_kafka_client_properties" {
  type        = map(string)
  default     = {}
  description = "Producer properties, one SSM parameter each under /confluent_cloud_resource/<user>/producer_kafka_client/."
}

variable "recovery_window_in_days" {
  type        = number
  default     = 0
  description = "Days Secrets Manager keeps a deleted secret: 0 (delete at once) or 7 to 30."

  validation {
    condition     = var.recovery_window_in_days == 0 || (var.recovery_window_in_days >= 7 && var.recovery_window_in_days <= 30)
    error_message = "recovery_window_in_days must be 0 or between 7 and 30 (the Secrets Manager limits)."
  }
}

variable "kms_key_id" {
  type        = string
  default     = null
  description = "KMS key (id or ARN) for the secrets. Null: the AWS managed key aws/secretsmanager."
}
