# Silos talk to each other on the silo and gateway ports, so their security group admits itself on both; HTTP is open
# only to the listed CIDR blocks. Redis admits the silos only.

resource "aws_security_group" "silo" {
  name        = "${var.name}-silo"
  description = "Kickstarter silos: silo-to-silo, gateway and HTTP"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "silo_to_silo" {
  for_each = {
    silo    = var.silo_port
    gateway = var.gateway_port
  }

  security_group_id            = aws_security_group.silo.id
  description                  = "Orleans ${each.key} port from other silos"
  referenced_security_group_id = aws_security_group.silo.id
  ip_protocol                  = "tcp"
  from_port                    = each.value
  to_port                      = each.value
}

resource "aws_vpc_security_group_ingress_rule" "silo_http" {
  for_each = toset(var.http_ingress_cidr_blocks)

  security_group_id = aws_security_group.silo.id
  description       = "Silo HTTP from ${each.value}"
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = var.http_port
  to_port           = var.http_port
}

resource "aws_vpc_security_group_egress_rule" "silo_all" {
  security_group_id = aws_security_group.silo.id
  description       = "Kafka, AWS APIs, image pulls, Redis and other silos"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_security_group" "redis" {
  name        = "${var.name}-redis"
  description = "Kickstarter Orleans membership (Redis) from the silos only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "redis_from_silo" {
  security_group_id            = aws_security_group.redis.id
  description                  = "Redis from the silos"
  referenced_security_group_id = aws_security_group.silo.id
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
}
