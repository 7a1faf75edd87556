output "slot_offsets_seconds" {
  description = "Per slot: seconds from the start to the start of its current period (negative before its first turn)."
  value       = local.slot_offsets
}

output "slot_period_starts" {
  description = "Per slot: the start of its current period, RFC 3339. It changes exactly when the slot is due."
  value       = [for offset in local.slot_offsets : timeadd(var.start_rfc3339, "${offset}s")]
}

output "active_slot" {
  description = "The slot whose period started last: its keys are the newest."
  value       = index(local.slot_offsets, max(local.slot_offsets...))
}

output "rotation_days_per_slot" {
  description = "How long each slot's key lives: keys_to_retain rotation periods."
  value       = var.rotation_days * var.keys_to_retain
}
