variable "snowflake_organization" {
  description = "Snowflake organization name (the first part of <org>-<account>)."
  type        = string
}

variable "snowflake_account" {
  description = "Snowflake account name (the second part of <org>-<account>)."
  type        = string
}

variable "snowflake_user" {
  description = "Snowflake user Terraform connects as (key-pair authentication)."
  type        = string
}

variable "snowflake_private_key" {
  description = "PEM private key of snowflake_user."
  type        = string
  sensitive   = true
}

variable "snowflake_admin_role" {
  description = "Role that may create external volumes and integrations (ACCOUNTADMIN, or a role granted CREATE EXTERNAL VOLUME and CREATE INTEGRATION)."
  type        = string
  default     = "ACCOUNTADMIN"
}

variable "aws_region" {
  description = "AWS region of the warehouse bucket."
  type        = string
  default     = "us-east-1"
}

variable "tags" {
  description = "Extra tags for the AWS resources."
  type        = map(string)
  default     = {}
}

variable "warehouse_bucket" {
  description = "S3 bucket of the Kickstarter warehouse (output warehouse_bucket of infra/terraform/aws-ecs)."
  type        = string
}

variable "warehouse_prefix" {
  description = "Key prefix of the warehouse in the bucket, as the silos use it (aws-ecs variable warehouse_prefix)."
  type        = string
  default     = "warehouse"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", var.warehouse_prefix))
    error_message = "warehouse_prefix must be a relative key prefix without leading or trailing '/'."
  }
}

variable "snowflake_iam_user_arn" {
  description = "STORAGE_AWS_IAM_USER_ARN from DESC EXTERNAL VOLUME (second apply). Empty on the first apply: the role trusts nobody yet."
  type        = string
  default     = ""
}

variable "snowflake_external_id" {
  description = "STORAGE_AWS_EXTERNAL_ID from DESC EXTERNAL VOLUME (second apply)."
  type        = string
  default     = ""
}

variable "database" {
  description = "Snowflake database that holds the Iceberg tables (created here)."
  type        = string
  default     = "KICKSTARTER"
}

variable "schema" {
  description = "Schema of the Iceberg tables (created here)."
  type        = string
  default     = "AIRLINES"
}

variable "name" {
  description = "Prefix of the external volume, catalog integration and IAM role names."
  type        = string
  default     = "kickstarter"
}

variable "metadata_file_paths" {
  description = <<-EOT
    Current metadata file of each table, relative to the warehouse prefix, e.g.
    { flight = "apache_kickstarter.airlines.db/flight/metadata/00042-<uuid>.metadata.json" }: the DynamoDB catalog
    item's p.metadata_location without "s3://<bucket>/<prefix>/". Tables left out are not created. README: how to read them.
  EOT
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for table in keys(var.metadata_file_paths) : contains(["sunset_airline", "skyone_airline", "flight", "flyer_stats"], table)])
    error_message = "metadata_file_paths keys must be Kickstarter tables: sunset_airline, skyone_airline, flight, flyer_stats."
  }
}
