# The rotation schedule at chosen instants, 30-day periods. Day d is start_unix + d * 86400.
#   terraform -chdir=infra/confluent/rotation-schedule init && terraform -chdir=infra/confluent/rotation-schedule test

variables {
  start_rfc3339  = "2026-01-01T00:00:00Z"
  start_unix     = 1767225600
  rotation_days  = 30
  keys_to_retain = 2
}

run "first_apply_makes_every_slot_and_the_first_is_active" {
  command = plan

  variables {
    now_unix = 1767225600
  }

  assert {
    condition     = output.active_slot == 0
    error_message = "Active slot at the start: ${output.active_slot}"
  }

  assert {
    condition     = output.slot_period_starts == ["2026-01-01T00:00:00Z", "2025-12-02T00:00:00Z"]
    error_message = "Period starts at the start: ${jsonencode(output.slot_period_starts)}"
  }
}

run "nothing_changes_within_the_first_period" {
  command = plan

  variables {
    now_unix = 1769817599 # day 30 minus one second
  }

  assert {
    condition     = output.slot_period_starts == ["2026-01-01T00:00:00Z", "2025-12-02T00:00:00Z"] && output.active_slot == 0
    error_message = "Something rotated before day 30: ${jsonencode(output.slot_period_starts)}"
  }
}

run "day_30_replaces_only_slot_1_which_becomes_active" {
  command = plan

  variables {
    now_unix = 1769817600 # day 30
  }

  assert {
    condition     = output.slot_period_starts == ["2026-01-01T00:00:00Z", "2026-01-31T00:00:00Z"]
    error_message = "Period starts on day 30: ${jsonencode(output.slot_period_starts)}"
  }

  assert {
    condition     = output.active_slot == 1
    error_message = "Active slot on day 30: ${output.active_slot}"
  }
}

run "day_60_replaces_only_slot_0_the_oldest" {
  command = plan

  variables {
    now_unix = 1772409600 # day 60
  }

  assert {
    condition     = output.slot_period_starts == ["2026-03-02T00:00:00Z", "2026-01-31T00:00:00Z"] && output.active_slot == 0
    error_message = "Period starts on day 60: ${jsonencode(output.slot_period_starts)}, active ${output.active_slot}"
  }
}

run "an_apply_late_by_weeks_still_rotates_one_slot_per_period_boundary_passed" {
  command = plan

  variables {
    now_unix = 1771200000 # day 46: the day-30 rotation applied late
  }

  assert {
    condition     = output.slot_period_starts == ["2026-01-01T00:00:00Z", "2026-01-31T00:00:00Z"] && output.active_slot == 1
    error_message = "Period starts on day 46: ${jsonencode(output.slot_period_starts)}"
  }
}

run "three_slots_take_turns_in_order" {
  command = plan

  variables {
    keys_to_retain = 3
    now_unix       = 1774828800 # day 88: slot 2 rotated on day 60, slot 0 is due on day 90
  }

  assert {
    condition     = output.slot_offsets_seconds == [0, 2592000, 5184000]
    error_message = "Offsets on day 88 with 3 slots: ${jsonencode(output.slot_offsets_seconds)}"
  }

  assert {
    condition     = output.active_slot == 2 && output.rotation_days_per_slot == 90
    error_message = "Active slot on day 88 with 3 slots: ${output.active_slot}"
  }
}

run "three_slots_day_90_replaces_slot_0" {
  command = plan

  variables {
    keys_to_retain = 3
    now_unix       = 1775001600 # day 90
  }

  assert {
    condition     = output.slot_offsets_seconds == [7776000, 2592000, 5184000] && output.active_slot == 0
    error_message = "Offsets on day 90 with 3 slots: ${jsonencode(output.slot_offsets_seconds)}"
  }
}

run "refuses_a_single_key" {
  command = plan

  variables {
    keys_to_retain = 1
    now_unix       = 1767225600
  }

  expect_failures = [var.keys_to_retain]
}
