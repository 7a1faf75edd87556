# terraform test with a mocked AWS provider: runs offline (scripts/validate-infra.sh) and checks what the task
# definition gives the silo container: SASL credentials only through ECS `secrets` (valueFrom, read by the execution
# role), never in its environment; the container health check; a host shutdown timeout inside ECS's stopTimeout.
#   terraform -chdir=infra/terraform/aws-ecs init -backend=false && terraform -chdir=infra/terraform/aws-ecs test

# The provider still validates arguments: mocked policy documents must be JSON and mocked ARNs ARNs.
mock_provider "aws" {
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::111122223333:role/kickstarter-mock"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  vpc_id                  = "vpc-0123456789abcdef0"
  private_subnet_ids      = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  container_image         = "ghcr.io/example/kickstarter-silo:1.0.0"
  kafka_bootstrap_servers = "pkc-abc12.us-east-1.aws.confluent.cloud:9092"
}

run "sasl_credentials_come_through_ecs_secrets_not_the_environment" {
  command = apply

  variables {
    kafka_sasl_username_value_from = "arn:aws:secretsmanager:us-east-1:111122223333:secret:kickstarter/kafka-AbCdEf:username::"
    kafka_sasl_password_value_from = "arn:aws:secretsmanager:us-east-1:111122223333:secret:kickstarter/kafka-AbCdEf:password::"
  }

  assert {
    condition = jsondecode(aws_ecs_task_definition.silo.container_definitions)[0].secrets == [
      { name = "Kafka__Properties__sasl.username", valueFrom = "arn:aws:secretsmanager:us-east-1:111122223333:secret:kickstarter/kafka-AbCdEf:username::" },
      { name = "Kafka__Properties__sasl.password", valueFrom = "arn:aws:secretsmanager:us-east-1:111122223333:secret:kickstarter/kafka-AbCdEf:password::" },
    ]
    error_message = "The SASL username and password must be the container's ECS secrets, by valueFrom."
  }

  assert {
    condition = length([
      for e in jsondecode(aws_ecs_task_definition.silo.container_definitions)[0].environment : e
      if strcontains(e.name, "sasl.username") || strcontains(e.name, "sasl.password") || strcontains(e.value, "secretsmanager")
    ]) == 0
    error_message = "No SASL credential (nor its ARN) may sit in the container's plain environment."
  }

  assert {
    condition = {
      for e in jsondecode(aws_ecs_task_definition.silo.container_definitions)[0].environment : e.name => e.value
      if startswith(e.name, "Kafka__Properties__")
      } == {
      "Kafka__Properties__security.protocol" = "SASL_SSL"
      "Kafka__Properties__sasl.mechanism"    = "PLAIN"
    }
    error_message = "With SASL secrets the environment says SASL_SSL and PLAIN, nothing more."
  }

  assert {
    condition     = length(aws_iam_role_policy.execution_secrets) == 1 && aws_iam_role_policy.execution_secrets[0].role == aws_iam_role.execution.id
    error_message = "The execution role (which the ECS agent reads secrets with) needs the policy on the SASL secret."
  }

  assert {
    condition = (length(data.aws_iam_policy_document.execution_secrets[0].statement) == 1
      && data.aws_iam_policy_document.execution_secrets[0].statement[0].resources == toset([
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:kickstarter/kafka-AbCdEf",
    ]))
    error_message = "The execution role may read exactly the secret the valueFrom names (without its JSON key suffix)."
  }
}

run "no_sasl_means_no_secrets_and_no_secret_policy" {
  command = apply

  assert {
    condition     = jsondecode(aws_ecs_task_definition.silo.container_definitions)[0].secrets == []
    error_message = "Without SASL value_from the container has no secrets."
  }

  assert {
    condition     = length(aws_iam_role_policy.execution_secrets) == 0
    error_message = "Without SASL value_from the execution role gets no secret policy."
  }
}

run "health_check_and_shutdown_fit_ecs" {
  command = apply

  variables {
    stop_timeout_seconds = 120
  }

  assert {
    condition = jsondecode(aws_ecs_task_definition.silo.container_definitions)[0].healthCheck.command == [
      "CMD", "/app/start-silo", "--health-check",
    ]
    error_message = "The container health check must run the image's start-silo --health-check (ECS ignores HEALTHCHECK)."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.silo.container_definitions)[0].stopTimeout == 120
    error_message = "stopTimeout must be var.stop_timeout_seconds."
  }

  assert {
    condition = {
      for e in jsondecode(aws_ecs_task_definition.silo.container_definitions)[0].environment : e.name => e.value
    }["DOTNET_SHUTDOWNTIMEOUTSECONDS"] == "115"
    error_message = "The host's shutdown timeout must end 5 s before ECS's SIGKILL (stopTimeout - 5)."
  }
}
