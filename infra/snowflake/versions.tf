terraform {
  required_version = ">= 1.5.0"

  required_providers {
    # Not in this project's offline provider mirror: scripts/validate-infra.sh checks this root with
    # `terraform fmt -check` only; run `terraform init && terraform validate` where the registry is reachable.
    snowflake = {
      source  = "snowflakedb/snowflake"
      version = "~> 2.0"
    }
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

provider "snowflake" {
  organization_name = var.snowflake_organization
  account_name      = var.snowflake_account
  user              = var.snowflake_user
  role              = var.snowflake_admin_role
  authenticator     = "SNOWFLAKE_JWT"
  private_key       = var.snowflake_private_key
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge({ Application = "kickstarter", ManagedBy = "terraform" }, var.tags)
  }
}
