terraform {
  # No providers: plain arithmetic on the times it is given, so it is tested offline (tests/).
  required_version = ">= 1.6.0"
}
