# K slots, one rotation every P seconds. Slot i's turns come at i, i + K, i + 2K, ... periods after the start, so each
# rotation replaces one slot (the oldest) and every slot lives K periods. A slot's current period started at
#   offset_i = i*P + floor((elapsed - i*P) / (K*P)) * K*P
# seconds after the start. Before its first turn (elapsed < i*P) that is negative: the slot's first key exists from
# the first apply, as if it had been made i-K periods ago. The active slot is the one whose period started last.

locals {
  period_seconds  = var.rotation_days * 86400
  cycle_seconds   = local.period_seconds * var.keys_to_retain
  elapsed_seconds = var.now_unix - var.start_unix

  slot_offsets = [
    for slot in range(var.keys_to_retain) :
    slot * local.period_seconds + floor((local.elapsed_seconds - slot * local.period_seconds) / local.cycle_seconds) * local.cycle_seconds
  ]
}
