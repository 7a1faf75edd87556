variable "start_rfc3339" {
  type        = string
  description = "When rotation started (the first apply), RFC 3339."
}

variable "start_unix" {
  type        = number
  description = "The same instant in seconds since the Unix epoch."
}

variable "now_unix" {
  type        = number
  description = "The time of this plan in seconds since the Unix epoch."
}

variable "rotation_days" {
  type        = number
  description = "Days between two rotations (one slot is replaced per rotation)."

  validation {
    condition     = var.rotation_days >= 1 && floor(var.rotation_days) == var.rotation_days
    error_message = "rotation_days must be a whole number of at least 1."
  }
}

variable "keys_to_retain" {
  type        = number
  description = "Slots (keys alive at once)."

  validation {
    condition     = var.keys_to_retain >= 2 && var.keys_to_retain <= 10 && floor(var.keys_to_retain) == var.keys_to_retain
    error_message = "keys_to_retain must be a whole number between 2 and 10."
  }
}
