variable "name" {
  description = "Prefix of every resource name (cluster, service, table, roles, log group)."
  type        = string
  default     = "kickstarter"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,27}$", var.name))
    error_message = "name must be 3-28 characters: lower-case letters, digits and '-', starting with a letter."
  }
}

variable "aws_region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
}

variable "tags" {
  description = "Extra tags for every resource."
  type        = map(string)
  default     = {}
}

# ---- network: the VPC is an input, so this module needs no AWS look-ups to plan or validate -------------------------

variable "vpc_id" {
  description = "VPC that holds the silos and Redis."
  type        = string
}

variable "private_subnet_ids" {
  description = "Subnets (at least two, in different availability zones) for the silo tasks and the Redis nodes."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "private_subnet_ids needs at least two subnets (ElastiCache and a spread of tasks need two AZs)."
  }
}

variable "assign_public_ip" {
  description = "Give tasks a public IP (only for subnets without a NAT gateway; the image and Kafka must be reachable)."
  type        = bool
  default     = false
}

variable "http_ingress_cidr_blocks" {
  description = "CIDR blocks allowed to reach the silos' HTTP port (stats API, dashboard, health). Empty: none."
  type        = list(string)
  default     = []
}

# ---- the silo service ------------------------------------------------------------------------------------------------

variable "container_image" {
  description = "Silo image built from Silo/Dockerfile, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/kickstarter-silo:1.0.0."
  type        = string
}

variable "desired_count" {
  description = "Number of silo tasks in the Orleans cluster."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_count >= 1
    error_message = "desired_count must be at least 1."
  }
}

variable "task_cpu" {
  description = "Fargate task CPU units (1024 = 1 vCPU)."
  type        = number
  default     = 1024
}

variable "task_memory" {
  description = "Fargate task memory in MiB; must be a valid pairing with task_cpu."
  type        = number
  default     = 2048
}

variable "kafka_bootstrap_servers" {
  description = "Kafka bootstrap servers (host:port,...) of the cluster that carries the airline topics (e.g. Amazon MSK)."
  type        = string

  validation {
    condition     = length(trimspace(var.kafka_bootstrap_servers)) > 0
    error_message = "kafka_bootstrap_servers must not be empty: the embedded mock cluster is for local runs only."
  }
}

variable "apps" {
  description = "Jobs each silo runs (Kickstarter:Jobs). Every task that runs the Generator produces its own bookings."
  type        = list(string)
  default     = ["Generator", "Consolidator", "FlyerStats"]

  validation {
    condition     = length(var.apps) > 0 && alltrue([for a in var.apps : contains(["Generator", "Consolidator", "FlyerStats"], a)])
    error_message = "apps must list one or more of Generator, Consolidator, FlyerStats."
  }
}

variable "http_port" {
  description = "Container port of the silo's HTTP endpoint."
  type        = number
  default     = 8080
}

variable "silo_port" {
  description = "Orleans silo-to-silo port."
  type        = number
  default     = 11111
}

variable "gateway_port" {
  description = "Orleans client gateway port."
  type        = number
  default     = 30000
}

variable "extra_environment" {
  description = "More environment variables for the silo container (ASP.NET configuration keys with '__')."
  type        = map(string)
  default     = {}
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the silo logs."
  type        = number
  default     = 30
}

# ---- state, clustering, warehouse ------------------------------------------------------------------------------------

variable "grain_state_table_name" {
  description = "DynamoDB table for grain state. Empty: \"<name>-grain-state\"."
  type        = string
  default     = ""
}

variable "grain_state_hash_key" {
  description = "Name of the table's string partition key; must match the silo's DynamoDB storage layout."
  type        = string
  default     = "PK"
}

variable "dynamodb_deletion_protection" {
  description = "Protect the grain state table from deletion."
  type        = bool
  default     = true
}

variable "redis_node_type" {
  description = "ElastiCache node type for Orleans membership (a small table: the smallest node types suffice)."
  type        = string
  default     = "cache.t4g.small"
}

variable "redis_num_cache_clusters" {
  description = "Redis nodes (1 primary + replicas); 2 or more enables automatic failover across AZs."
  type        = number
  default     = 2

  validation {
    condition     = var.redis_num_cache_clusters >= 1 && var.redis_num_cache_clusters <= 6
    error_message = "redis_num_cache_clusters must be between 1 and 6."
  }
}

variable "redis_engine_version" {
  description = "ElastiCache Redis OSS engine version."
  type        = string
  default     = "7.1"
}

variable "warehouse_bucket_name" {
  description = "S3 bucket for the Iceberg warehouse. Empty: a generated name starting with \"<name>-warehouse-\"."
  type        = string
  default     = ""
}

variable "warehouse_prefix" {
  description = "Key prefix of the Iceberg warehouse inside the bucket (no leading or trailing '/')."
  type        = string
  default     = "warehouse"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", var.warehouse_prefix))
    error_message = "warehouse_prefix must be a relative key prefix without leading or trailing '/'."
  }
}

variable "iceberg_catalog_table_name" {
  description = "DynamoDB table of the Iceberg catalog (Apache Iceberg's DynamoDB catalog layout). Empty: \"<name>-iceberg-catalog\"."
  type        = string
  default     = ""
}

variable "warehouse_kms_key_arn" {
  description = "KMS key for the warehouse bucket's default encryption. Empty: SSE-S3 (AES256)."
  type        = string
  default     = ""
}

variable "warehouse_force_destroy" {
  description = "Allow terraform destroy to delete a non-empty warehouse bucket."
  type        = bool
  default     = false
}

variable "stop_timeout_seconds" {
  description = "Seconds ECS waits after SIGTERM before SIGKILL (Fargate: at most 120); the silo's host shuts down within this less 5."
  type        = number
  default     = 90

  validation {
    condition     = var.stop_timeout_seconds >= 30 && var.stop_timeout_seconds <= 120
    error_message = "stop_timeout_seconds must be between 30 and 120 (Fargate's limit)."
  }
}

variable "service_account_user" {
  description = "Confluent service account user whose Kafka settings the silo reads from Secrets Manager and Parameter Store (infra/confluent/aws-secrets); empty: none."
  type        = string
  default     = ""
}

variable "silo_read_policy_json" {
  description = "IAM policy letting the silo read its Confluent secrets and parameters: the silo_read_policy_json output of infra/confluent/aws-secrets. Required with service_account_user."
  type        = string
  default     = ""
}

variable "kafka_sasl_username_value_from" {
  description = "ARN (Secrets Manager, optionally with a JSON key, or an SSM parameter) of the Kafka SASL username, injected as an ECS secret; empty: no SASL."
  type        = string
  default     = ""
}

variable "kafka_sasl_password_value_from" {
  description = "ARN of the Kafka SASL password, as kafka_sasl_username_value_from."
  type        = string
  default     = ""

  validation {
    condition     = (var.kafka_sasl_password_value_from == "") == (var.kafka_sasl_username_value_from == "")
    error_message = "kafka_sasl_username_value_from and kafka_sasl_password_value_from are set together or not at all."
  }
}
