output "external_volume" {
  description = "Name of the Snowflake external volume on the warehouse prefix."
  value       = local.volume
}

output "external_volume_description" {
  description = "DESC EXTERNAL VOLUME rows: STORAGE_AWS_IAM_USER_ARN and STORAGE_AWS_EXTERNAL_ID go into the second apply."
  value       = snowflake_execute.external_volume.query_results
}

output "catalog_integration" {
  description = "Name of the OBJECT_STORE catalog integration."
  value       = local.integration
}

output "snowflake_role_arn" {
  description = "IAM role Snowflake assumes to read the warehouse."
  value       = aws_iam_role.snowflake.arn
}

output "tables" {
  description = "Fully qualified Snowflake names of the Iceberg tables."
  value       = [for table in keys(var.metadata_file_paths) : "${var.database}.${var.schema}.${upper(table)}"]
}
