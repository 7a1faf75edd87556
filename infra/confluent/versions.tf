terraform {
  # 1.8 for provider-defined functions (provider::time::rfc3339_parse in api-keys.tf).
  required_version = ">= 1.8.0"

  required_providers {
    confluent = {
      source  = "confluentinc/confluent"
      version = "~> 2.0"
    }
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
    time = {
      source  = "hashicorp/time"
      version = "~> 0.12"
    }
  }
}

provider "confluent" {
  cloud_api_key    = var.confluent_cloud_api_key
  cloud_api_secret = var.confluent_cloud_api_secret
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge({ Application = "kickstarter", ManagedBy = "terraform" }, var.tags)
  }
}
