# What the silo reads at start-up, stored in AWS by the aws-secrets submodule (plain AWS resources, so that part is
# validated offline with the AWS provider alone): the active keys as Java client properties in Secrets Manager, and the
# consumer and producer tuning as SSM parameters.

module "aws_secrets" {
  source = "./aws-secrets"

  service_account_user = local.secrets_user

  # Confluent reports the endpoint as SASL_SSL://host:port; clients want host:port.
  kafka_bootstrap_servers = replace(confluent_kafka_cluster.kickstarter.bootstrap_endpoint, "SASL_SSL://", "")
  kafka_api_key = {
    id     = confluent_api_key.silo_kafka[local.active_api_key_slot].id
    secret = confluent_api_key.silo_kafka[local.active_api_key_slot].secret
  }

  schema_registry_url = data.confluent_schema_registry_cluster.kickstarter.rest_endpoint
  schema_registry_api_key = {
    id     = confluent_api_key.silo_schema_registry[local.active_api_key_slot].id
    secret = confluent_api_key.silo_schema_registry[local.active_api_key_slot].secret
  }

  consumer_kafka_client_properties = var.consumer_kafka_client_properties
  producer_kafka_client_properties = var.producer_kafka_client_properties
  recovery_window_in_days          = var.secret_recovery_window_in_days
  kms_key_id                       = var.secrets_kms_key_id
}
