# The Confluent Cloud side of Kickstarter: one environment with Stream Governance (which brings its Schema Registry),
# one Kafka cluster on AWS, and the five topics the silo reads and writes.

locals {
  # The <service_account_user> path segment, as the original kickstarter writes it.
  secrets_user = lower(var.service_account_user)
}

resource "confluent_environment" "kickstarter" {
  display_name = var.environment_name

  stream_governance {
    package = var.stream_governance_package
  }
}

resource "confluent_kafka_cluster" "kickstarter" {
  display_name = var.kafka_cluster_name
  availability = var.kafka_cluster_type == "basic" ? "SINGLE_ZONE" : var.kafka_cluster_availability
  cloud        = "AWS"
  region       = var.aws_region

  dynamic "basic" {
    for_each = var.kafka_cluster_type == "basic" ? [1] : []
    content {}
  }

  dynamic "standard" {
    for_each = var.kafka_cluster_type == "standard" ? [1] : []
    content {}
  }

  environment {
    id = confluent_environment.kickstarter.id
  }
}

# Stream Governance provisions the environment's Schema Registry once the environment has a cluster.
data "confluent_schema_registry_cluster" "kickstarter" {
  environment {
    id = confluent_environment.kickstarter.id
  }

  depends_on = [confluent_kafka_cluster.kickstarter]
}
