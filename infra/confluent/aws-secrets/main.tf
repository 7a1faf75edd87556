# Where the silo finds its Confluent Cloud credentials and client settings: the paths the original kickstarter uses.
#
#   Secrets Manager  confluent_cloud_resource/<user>/kafka_cluster/java_client
#                    confluent_cloud_resource/<user>/schema_registry_cluster/java_client
#   SSM parameters   /confluent_cloud_resource/<user>/consumer_kafka_client/<property>
#                    /confluent_cloud_resource/<user>/producer_kafka_client/<property>
#
# Each secret is one JSON object of Java client properties. The secret names have no leading '/': the silo reads
# them through SSM's Secrets Manager reference, /aws/reference/secretsmanager/<secret name>, which must not hold '//'.

locals {
  secret_prefix    = "confluent_cloud_resource/${var.service_account_user}"
  parameter_prefix = "/confluent_cloud_resource/${var.service_account_user}"

  kafka_client_properties = {
    "bootstrap.servers" = var.kafka_bootstrap_servers
    "security.protocol" = "SASL_SSL"
    "sasl.mechanism"    = "PLAIN"
    # The JAAS line Java clients take; the silo takes the username and password from it for librdkafka.
    "sasl.jaas.config" = "org.apache.kafka.common.security.plain.PlainLoginModule required username='${var.kafka_api_key.id}' password='${var.kafka_api_key.secret}';"
  }

  schema_registry_client_properties = {
    "schema.registry.url"           = var.schema_registry_url
    "basic.auth.credentials.source" = "USER_INFO"
    "basic.auth.user.info"          = "${var.schema_registry_api_key.id}:${var.schema_registry_api_key.secret}"
  }
}

resource "aws_secretsmanager_secret" "kafka_client" {
  name                    = "${local.secret_prefix}/kafka_cluster/java_client"
  description             = "Kickstarter: Kafka client properties (bootstrap servers, SASL/PLAIN with the active API key) for ${var.service_account_user}"
  recovery_window_in_days = var.recovery_window_in_days
  kms_key_id              = var.kms_key_id
}

resource "aws_secretsmanager_secret_version" "kafka_client" {
  secret_id     = aws_secretsmanager_secret.kafka_client.id
  secret_string = jsonencode(local.kafka_client_properties)
}

resource "aws_secretsmanager_secret" "schema_registry_client" {
  name                    = "${local.secret_prefix}/schema_registry_cluster/java_client"
  description             = "Kickstarter: Schema Registry client properties (URL, basic auth with the active API key) for ${var.service_account_user}"
  recovery_window_in_days = var.recovery_window_in_days
  kms_key_id              = var.kms_key_id
}

resource "aws_secretsmanager_secret_version" "schema_registry_client" {
  secret_id     = aws_secretsmanager_secret.schema_registry_client.id
  secret_string = jsonencode(local.schema_registry_client_properties)
}

resource "aws_ssm_parameter" "consumer_kafka_client" {
  for_each = var.consumer_kafka_client_properties

  name        = "${local.parameter_prefix}/consumer_kafka_client/${each.key}"
  description = "Kickstarter: consumer property ${each.key}"
  type        = "String"
  value       = each.value
}

resource "aws_ssm_parameter" "producer_kafka_client" {
  for_each = var.producer_kafka_client_properties

  name        = "${local.parameter_prefix}/producer_kafka_client/${each.key}"
  description = "Kickstarter: producer property ${each.key}"
  type        = "String"
  value       = each.value
}
