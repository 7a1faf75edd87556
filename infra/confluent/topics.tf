# The topics exist before any silo starts, with the partition count the silo expects; the silo's own "create when
# missing" then finds them and needs no create permission.

locals {
  airline_topics = {
    "airline.sunset"      = var.topic_retention_ms
    "airline.skyone"      = var.topic_retention_ms
    "airline.flight"      = var.topic_retention_ms
    "airline.flyer_stats" = var.topic_retention_ms
    "airline.dlq"         = var.dead_letter_retention_ms
  }
}

resource "confluent_kafka_topic" "airline" {
  for_each = local.airline_topics

  kafka_cluster {
    id = confluent_kafka_cluster.kickstarter.id
  }

  topic_name       = each.key
  partitions_count = var.topic_partitions
  rest_endpoint    = confluent_kafka_cluster.kickstarter.rest_endpoint

  config = {
    "cleanup.policy" = "delete"
    "retention.ms"   = tostring(each.value)
  }

  credentials {
    key    = confluent_api_key.manager_kafka.id
    secret = confluent_api_key.manager_kafka.secret
  }

}
