# The silos: an ECS cluster on Fargate, one task definition (awsvpc: each task has its own IP, which Orleans
# advertises) and a service keeping var.desired_count silos in one Orleans cluster, clustered through Redis.

resource "aws_cloudwatch_log_group" "silo" {
  name              = "/ecs/${var.name}/silo"
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

locals {
  # Kickstarter:Jobs is a list, so each entry is its own indexed variable (Kickstarter:Apps is its old name).
  apps_environment = { for i, app in var.apps : "Kickstarter__Jobs__${i}" => app }

  # With a Confluent service account user the silo reads its Kafka settings (bootstrap, SASL key) from Secrets Manager
  # and Parameter Store itself, and re-reads them to pick up rotated keys (Silo/Configuration/Aws).
  aws_configuration_environment = var.service_account_user != "" ? {
    SERVICE_ACCOUNT_USER = var.service_account_user
    AWS_REGION           = var.aws_region
  } : {}

  # Without one, SASL credentials come in through ECS `secrets` (never plain environment); these say how to use them.
  kafka_sasl_environment = var.kafka_sasl_username_value_from != "" ? {
    "Kafka__Properties__security.protocol" = "SASL_SSL"
    "Kafka__Properties__sasl.mechanism"    = "PLAIN"
  } : {}

  # ECS sends SIGTERM, waits stopTimeout, then SIGKILL. The host gets all but a few seconds of it to hand grains over
  # and finish its epoch (the default 30 s would cut a drain short; more than stopTimeout would never be reached).
  shutdown_timeout_seconds = var.stop_timeout_seconds - 5

  silo_environment = merge(local.apps_environment, local.aws_configuration_environment, local.kafka_sasl_environment, {
    Kafka__BootstrapServers = var.kafka_bootstrap_servers
    # Avro (the silo's default) needs SchemaRegistry__Url; JSON needs no registry.
    Kafka__Format                                      = "Json"
    Storage__Provider                                  = "DynamoDB"
    Storage__DynamoDB__Region                          = var.aws_region
    Storage__DynamoDB__TableName                       = aws_dynamodb_table.grain_state.name
    Storage__DynamoDB__CreateIfNotExists               = "false"
    Iceberg__Warehouse                                 = local.warehouse_uri
    Iceberg__S3__Region                                = var.aws_region
    Iceberg__Catalog__Type                             = "DynamoDb"
    Iceberg__Catalog__DynamoDb__TableName              = aws_dynamodb_table.iceberg_catalog.name
    Iceberg__Catalog__DynamoDb__Region                 = var.aws_region
    Iceberg__Catalog__DynamoDb__CreateTableIfNotExists = "false"
    Http__Port                                         = tostring(var.http_port)
    Http__BindAddress                                  = "0.0.0.0"
    Membership__Provider                               = "Redis"
    Membership__Redis                                  = "${local.redis_endpoint}:6379,ssl=true,abortConnect=false"
    Orleans__SiloPort                                  = tostring(var.silo_port)
    Orleans__GatewayPort                               = tostring(var.gateway_port)
    Orleans__ServiceId                                 = local.orleans_service
    Orleans__ClusterId                                 = local.orleans_service
    DOTNET_SHUTDOWNTIMEOUTSECONDS                      = tostring(local.shutdown_timeout_seconds)
    OTEL_SERVICE_NAME                                  = "${var.name}-silo"
  }, var.extra_environment)

  # Injected by the ECS agent from Secrets Manager or Parameter Store (the execution role may read exactly these).
  silo_secrets = var.kafka_sasl_username_value_from != "" ? [
    { name = "Kafka__Properties__sasl.username", valueFrom = var.kafka_sasl_username_value_from },
    { name = "Kafka__Properties__sasl.password", valueFrom = var.kafka_sasl_password_value_from },
  ] : []
}

resource "aws_ecs_task_definition" "silo" {
  family                   = "${var.name}-silo"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.task_cpu)
  memory                   = tostring(var.task_memory)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([
    {
      name      = local.container_name
      image     = var.container_image
      essential = true
      portMappings = [
        { name = "http", containerPort = var.http_port, protocol = "tcp" },
        { name = "silo", containerPort = var.silo_port, protocol = "tcp" },
        { name = "gateway", containerPort = var.gateway_port, protocol = "tcp" },
      ]
      environment = [for key in sort(keys(local.silo_environment)) : { name = key, value = local.silo_environment[key] }]
      secrets     = local.silo_secrets
      # The image's own check (`start-silo --health-check` asks /health/live); ECS ignores the Dockerfile's HEALTHCHECK.
      healthCheck = {
        command     = ["CMD", "/app/start-silo", "--health-check"]
        interval    = 30
        timeout     = 10
        retries     = 3
        startPeriod = 60
      }
      # Orleans needs time to hand over grains and finish the current epoch after SIGTERM (Fargate allows up to 120 s).
      stopTimeout            = var.stop_timeout_seconds
      readonlyRootFilesystem = false
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.silo.name
          awslogs-region        = var.aws_region
          awslogs-stream-prefix = "silo"
        }
      }
    }
  ])
}

resource "aws_ecs_service" "silo" {
  name            = "${var.name}-silo"
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.silo.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"

  # Add a silo before removing one, and roll back a deployment whose tasks do not stay up.
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.silo.id]
    assign_public_ip = var.assign_public_ip
  }

  propagate_tags = "SERVICE"

  depends_on = [aws_iam_role_policy.task, aws_iam_role_policy_attachment.execution]
}
