# terraform test with a mocked AWS provider: runs offline and checks the names and contents the silo reads.
#   terraform -chdir=infra/confluent/aws-secrets init -backend=false && terraform -chdir=infra/confluent/aws-secrets test

mock_provider "aws" {}

variables {
  service_account_user    = "kickstarter_silo"
  kafka_bootstrap_servers = "pkc-abc12.us-east-1.aws.confluent.cloud:9092"
  kafka_api_key = {
    id     = "KAFKAKEY"
    secret = "kafka-secret"
  }
  schema_registry_url = "https://psrc-xyz.us-east-1.aws.confluent.cloud"
  schema_registry_api_key = {
    id     = "SRKEY"
    secret = "sr-secret"
  }
  consumer_kafka_client_properties = {
    "client.dns.lookup"  = "use_all_dns_ips"
    "session.timeout.ms" = "45000"
  }
  producer_kafka_client_properties = {
    "acks" = "all"
  }
}

run "stores_the_kafka_client_properties_where_the_silo_reads_them" {
  command = apply

  assert {
    condition     = aws_secretsmanager_secret.kafka_client.name == "confluent_cloud_resource/kickstarter_silo/kafka_cluster/java_client"
    error_message = "Kafka secret name: ${aws_secretsmanager_secret.kafka_client.name}"
  }

  assert {
    condition = jsondecode(aws_secretsmanager_secret_version.kafka_client.secret_string) == {
      "bootstrap.servers" = "pkc-abc12.us-east-1.aws.confluent.cloud:9092"
      "security.protocol" = "SASL_SSL"
      "sasl.mechanism"    = "PLAIN"
      "sasl.jaas.config"  = "org.apache.kafka.common.security.plain.PlainLoginModule required username='KAFKAKEY' password='kafka-secret';"
    }
    error_message = "The Kafka secret must hold exactly the four Java client properties."
  }
}

run "stores_the_schema_registry_client_properties_where_the_silo_reads_them" {
  command = apply

  assert {
    condition     = aws_secretsmanager_secret.schema_registry_client.name == "confluent_cloud_resource/kickstarter_silo/schema_registry_cluster/java_client"
    error_message = "Schema Registry secret name: ${aws_secretsmanager_secret.schema_registry_client.name}"
  }

  assert {
    condition = jsondecode(aws_secretsmanager_secret_version.schema_registry_client.secret_string) == {
      "schema.registry.url"           = "https://psrc-xyz.us-east-1.aws.confluent.cloud"
      "basic.auth.credentials.source" = "USER_INFO"
      "basic.auth.user.info"          = "SRKEY:sr-secret"
    }
    error_message = "The Schema Registry secret must hold exactly the three Java client properties."
  }
}

run "stores_one_parameter_per_client_property_under_the_consumer_and_producer_paths" {
  command = apply

  assert {
    condition = toset([for p in aws_ssm_parameter.consumer_kafka_client : p.name]) == toset([
      "/confluent_cloud_resource/kickstarter_silo/consumer_kafka_client/client.dns.lookup",
      "/confluent_cloud_resource/kickstarter_silo/consumer_kafka_client/session.timeout.ms",
    ])
    error_message = "Consumer parameter names are wrong."
  }

  assert {
    condition     = aws_ssm_parameter.producer_kafka_client["acks"].name == "/confluent_cloud_resource/kickstarter_silo/producer_kafka_client/acks"
    error_message = "Producer parameter name is wrong."
  }

  assert {
    condition     = aws_ssm_parameter.consumer_kafka_client["session.timeout.ms"].value == "45000"
    error_message = "A parameter must hold its property's value."
  }
}

run "refuses_consumer_properties_the_silo_owns" {
  command = plan

  variables {
    consumer_kafka_client_properties = {
      "enable.auto.commit" = "true"
    }
  }

  expect_failures = [var.consumer_kafka_client_properties]
}

run "refuses_a_bootstrap_endpoint_with_its_scheme" {
  command = plan

  variables {
    kafka_bootstrap_servers = "SASL_SSL://pkc-abc12.us-east-1.aws.confluent.cloud:9092"
  }

  expect_failures = [var.kafka_bootstrap_servers]
}

run "refuses_an_upper_case_user_segment" {
  command = plan

  variables {
    service_account_user = "Kickstarter_Silo"
  }

  expect_failures = [var.service_account_user]
}
