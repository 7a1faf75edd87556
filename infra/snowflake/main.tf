# Snowflake reads the tables the silos write, without copying them: an external volume on the warehouse prefix, a
# catalog integration for Iceberg metadata in object storage (OBJECT_STORE), and one Iceberg table per Kickstarter
# table pointing at its current metadata file. Snowflake only reads: the silos stay the tables' only writer.
# snowflake_execute (stable in provider 2.x) runs the DDL; the provider's external volume resource is a preview
# feature and it has no resource for object-store catalog integrations.

locals {
  volume      = upper("${var.name}_warehouse")
  integration = upper("${var.name}_object_store")
  base_url    = "s3://${var.warehouse_bucket}/${var.warehouse_prefix}/"
  qualified   = "\"${var.database}\".\"${var.schema}\""
}

resource "snowflake_execute" "external_volume" {
  execute = <<-SQL
    CREATE EXTERNAL VOLUME IF NOT EXISTS ${local.volume}
      STORAGE_LOCATIONS = ((
        NAME = '${local.volume}_S3'
        STORAGE_PROVIDER = 'S3'
        STORAGE_BASE_URL = '${local.base_url}'
        STORAGE_AWS_ROLE_ARN = '${aws_iam_role.snowflake.arn}'
      ))
      ALLOW_WRITES = FALSE
  SQL
  revert  = "DROP EXTERNAL VOLUME IF EXISTS ${local.volume}"
  # STORAGE_AWS_IAM_USER_ARN and STORAGE_AWS_EXTERNAL_ID for the role's trust policy (second apply).
  query = "DESC EXTERNAL VOLUME ${local.volume}"
}

resource "snowflake_execute" "catalog_integration" {
  execute = <<-SQL
    CREATE CATALOG INTEGRATION IF NOT EXISTS ${local.integration}
      CATALOG_SOURCE = OBJECT_STORE
      TABLE_FORMAT = ICEBERG
      ENABLED = TRUE
      COMMENT = 'Kickstarter Iceberg metadata in s3://${var.warehouse_bucket}/${var.warehouse_prefix}'
  SQL
  revert  = "DROP CATALOG INTEGRATION IF EXISTS ${local.integration}"
}

resource "snowflake_database" "kickstarter" {
  name = var.database
}

resource "snowflake_schema" "airlines" {
  database = snowflake_database.kickstarter.name
  name     = var.schema
}

# One table per entry of metadata_file_paths. A new path (the tables move on every commit) refreshes the table in
# place with ALTER ICEBERG TABLE ... REFRESH rather than re-creating it.
resource "snowflake_execute" "table" {
  for_each = var.metadata_file_paths

  execute = <<-SQL
    CREATE ICEBERG TABLE IF NOT EXISTS ${local.qualified}."${upper(each.key)}"
      EXTERNAL_VOLUME = '${local.volume}'
      CATALOG = '${local.integration}'
      METADATA_FILE_PATH = '${each.value}'
  SQL
  revert  = "DROP ICEBERG TABLE IF EXISTS ${local.qualified}.\"${upper(each.key)}\""

  # A changed execute would drop and re-create the table; the refresh below moves it to a new metadata file instead.
  lifecycle {
    ignore_changes = [execute]
  }

  depends_on = [snowflake_execute.external_volume, snowflake_execute.catalog_integration, snowflake_schema.airlines]
}

resource "snowflake_execute" "refresh" {
  for_each = var.metadata_file_paths

  execute = "ALTER ICEBERG TABLE ${local.qualified}.\"${upper(each.key)}\" REFRESH '${each.value}'"
  revert  = "SELECT 1"

  depends_on = [snowflake_execute.table]
}
