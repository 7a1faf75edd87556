# The silo's API keys, rotated every api_key_rotation_days and keeping the last api_keys_to_retain (K) alive.
#
# K slots per resource (Kafka cluster, Schema Registry). Slot i is replaced every K rotation periods, offset by i
# periods from the others, so each apply after a period boundary replaces exactly one key: the oldest. The newest
# ("active") key goes into the secrets; the K-1 older ones stay valid, so a silo that read the secret before the
# rotation keeps working until it reads it again (at most K-1 periods).
#
# Each slot's time_rotating resource carries the start of that slot's current period as its base (rfc3339), computed
# from a fixed start (time_static) and the plan's time by ./rotation-schedule. Its base changes exactly when the slot
# is due, which replaces it, and the slot's keys follow (through time_static.api_key_period, see there). Why not K bare
# time_rotating resources with staggered fixed bases: once a fixed base plus the rotation period lies in the past,
# time_rotating re-creates itself on every apply (hashicorp/terraform-provider-time issue 44), which would replace a
# key on every apply.

resource "time_static" "api_key_rotation_start" {
  rfc3339 = plantimestamp()

  lifecycle {
    # Taken once, on the first apply: every later period is counted from it.
    ignore_changes = [rfc3339]
  }
}

# The schedule itself (which slot is due when, which is active) is plain arithmetic in ./rotation-schedule, tested
# offline at chosen instants; here it gets the start and the plan's time.
module "api_key_rotation" {
  source = "./rotation-schedule"

  start_rfc3339  = time_static.api_key_rotation_start.rfc3339
  start_unix     = time_static.api_key_rotation_start.unix
  now_unix       = provider::time::rfc3339_parse(plantimestamp()).unix
  rotation_days  = var.api_key_rotation_days
  keys_to_retain = var.api_keys_to_retain
}

locals {
  active_api_key_slot = module.api_key_rotation.active_slot
}

resource "time_rotating" "api_key" {
  count = var.api_keys_to_retain

  rfc3339       = module.api_key_rotation.slot_period_starts[count.index]
  rotation_days = module.api_key_rotation.rotation_days_per_slot
}

# The period start again, in a resource that is replaced (not merely re-created) when the slot rotates: a rotated
# time_rotating is dropped from the state and planned as a create, which replace_triggered_by does not follow
# (hashicorp/terraform-provider-time issue 118); the replacement of this time_static it does.
resource "time_static" "api_key_period" {
  count = var.api_keys_to_retain

  rfc3339 = time_rotating.api_key[count.index].rfc3339
}

resource "confluent_api_key" "silo_kafka" {
  count = var.api_keys_to_retain

  display_name = "${var.service_account_user}_kafka_${count.index}"
  description  = "Kickstarter silo Kafka key, slot ${count.index} (period from ${time_rotating.api_key[count.index].rfc3339})"

  owner {
    id          = confluent_service_account.silo.id
    api_version = confluent_service_account.silo.api_version
    kind        = confluent_service_account.silo.kind
  }

  managed_resource {
    id          = confluent_kafka_cluster.kickstarter.id
    api_version = confluent_kafka_cluster.kickstarter.api_version
    kind        = confluent_kafka_cluster.kickstarter.kind

    environment {
      id = confluent_environment.kickstarter.id
    }
  }

  lifecycle {
    replace_triggered_by = [time_static.api_key_period[count.index]]
  }

  depends_on = [confluent_role_binding.silo_kafka]
}

resource "confluent_api_key" "silo_schema_registry" {
  count = var.api_keys_to_retain

  display_name = "${var.service_account_user}_schema_registry_${count.index}"
  description  = "Kickstarter silo Schema Registry key, slot ${count.index} (period from ${time_rotating.api_key[count.index].rfc3339})"

  owner {
    id          = confluent_service_account.silo.id
    api_version = confluent_service_account.silo.api_version
    kind        = confluent_service_account.silo.kind
  }

  managed_resource {
    id          = data.confluent_schema_registry_cluster.kickstarter.id
    api_version = data.confluent_schema_registry_cluster.kickstarter.api_version
    kind        = data.confluent_schema_registry_cluster.kickstarter.kind

    environment {
      id = confluent_environment.kickstarter.id
    }
  }

  lifecycle {
    replace_triggered_by = [time_static.api_key_period[count.index]]
  }

  depends_on = [confluent_role_binding.silo_schema_registry]
}
