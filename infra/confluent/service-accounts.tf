# Two service accounts: the manager, which Terraform uses to create topics (CloudClusterAdmin on the cluster, its key
# never leaves the state), and the silo's, with the least it needs:
#   - read and write the airline.* topics (consume, produce, idempotent and transactional produce);
#   - read its consumer groups (orleans-kafka-*), used for offset commits and lag monitoring;
#   - write with its transactional ids (kickstarter-<job>), one per committer;
#   - read and write the airline.* subjects of the Schema Registry.

resource "confluent_service_account" "manager" {
  display_name = "${var.service_account_user}_manager"
  description  = "Kickstarter: Terraform's topic manager for cluster ${var.kafka_cluster_name}"
}

resource "confluent_role_binding" "manager_cluster_admin" {
  principal   = "User:${confluent_service_account.manager.id}"
  role_name   = "CloudClusterAdmin"
  crn_pattern = confluent_kafka_cluster.kickstarter.rbac_crn
}

resource "confluent_api_key" "manager_kafka" {
  display_name = "${var.service_account_user}_manager_kafka"
  description  = "Kickstarter: used by Terraform only, to manage topics"

  owner {
    id          = confluent_service_account.manager.id
    api_version = confluent_service_account.manager.api_version
    kind        = confluent_service_account.manager.kind
  }

  managed_resource {
    id          = confluent_kafka_cluster.kickstarter.id
    api_version = confluent_kafka_cluster.kickstarter.api_version
    kind        = confluent_kafka_cluster.kickstarter.kind

    environment {
      id = confluent_environment.kickstarter.id
    }
  }

  depends_on = [confluent_role_binding.manager_cluster_admin]
}

resource "confluent_service_account" "silo" {
  display_name = var.service_account_user
  description  = "Kickstarter silo: consumes and produces the airline topics"
}

locals {
  kafka_crn = "${confluent_kafka_cluster.kickstarter.rbac_crn}/kafka=${confluent_kafka_cluster.kickstarter.id}"

  silo_kafka_role_bindings = {
    topics_read        = { role = "DeveloperRead", crn = "${local.kafka_crn}/topic=airline.*" }
    topics_write       = { role = "DeveloperWrite", crn = "${local.kafka_crn}/topic=airline.*" }
    groups_read        = { role = "DeveloperRead", crn = "${local.kafka_crn}/group=${var.consumer_group_prefix}*" }
    transactions_write = { role = "DeveloperWrite", crn = "${local.kafka_crn}/transactional-id=${var.transactional_id_prefix}*" }
  }

  silo_schema_role_bindings = {
    subjects_read  = "DeveloperRead"
    subjects_write = "DeveloperWrite"
  }
}

resource "confluent_role_binding" "silo_kafka" {
  for_each = local.silo_kafka_role_bindings

  principal   = "User:${confluent_service_account.silo.id}"
  role_name   = each.value.role
  crn_pattern = each.value.crn
}

resource "confluent_role_binding" "silo_schema_registry" {
  for_each = local.silo_schema_role_bindings

  principal   = "User:${confluent_service_account.silo.id}"
  role_name   = each.value
  crn_pattern = "${data.confluent_schema_registry_cluster.kickstarter.resource_name}/subject=airline.*"
}
