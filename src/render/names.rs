//! The one place output and parameter names are spelled: every value that travels between
//! stacks is declared here as a [`Link`], and a renderer refers to its own copy of an
//! imported value (`Ref`, `${...}` in `Fn::Sub`) through the same constants.

use super::link::Link;

const STRING: &str = "String";
const SUBNET_IDS: &str = "List<AWS::EC2::Subnet::Id>";
const SECURITY_GROUP_ID: &str = "AWS::EC2::SecurityGroup::Id";

pub const KEY_ARN: &str = "KeyArn";
pub const VPC_ID: &str = "VpcId";
pub const PRIVATE_SUBNET_IDS: &str = "PrivateSubnetIds";
pub const PUBLIC_SUBNET_IDS: &str = "PublicSubnetIds";
pub const WORKLOAD_SECURITY_GROUP_ID: &str = "WorkloadSecurityGroupId";
pub const DATABASE_SECURITY_GROUP_ID: &str = "DatabaseSecurityGroupId";
pub const SEARCH_SECURITY_GROUP_ID: &str = "SearchSecurityGroupId";
pub const FILE_SYSTEM_SECURITY_GROUP_ID: &str = "FileSystemSecurityGroupId";
pub const ACCESS_LOG_BUCKET_NAME: &str = "AccessLogBucketName";
pub const DATABASE_ENDPOINT: &str = "DatabaseEndpoint";
pub const DATABASE_SECRET_ARN: &str = "DatabaseSecretArn";
pub const SEARCH_DOMAIN_ARN: &str = "SearchDomainArn";
pub const SEARCH_DOMAIN_ENDPOINT: &str = "SearchDomainEndpoint";
pub const CACHE_SECURITY_GROUP_ID: &str = "CacheSecurityGroupId";
pub const CACHE_ARN: &str = "CacheArn";
pub const CACHE_USER_ARN: &str = "CacheUserArn";
pub const CACHE_ENDPOINT: &str = "CacheEndpoint";
pub const CACHE_USER_NAME: &str = "CacheUserName";
pub const CERTIFICATE_ARN: &str = "CertificateArn";
pub const SEARCH_ADMIN_ROLE_ARN: &str = "SearchAdminRoleArn";
pub const SEARCH_ADMIN_ROLE_NAME: &str = "SearchAdminRoleName";
/// The search domain's master user, in the data stack.
pub const SEARCH_ADMIN_ROLE: &str = "SearchAdminRole";
/// The group of the function that runs as the master user, in the compute stack.
pub const SEARCH_ADMIN_SECURITY_GROUP: &str = "SearchAdminSecurityGroup";
/// The custom resource that maps the workloads' roles, in the compute stack.
pub const SEARCH_ROLE_MAPPING: &str = "SearchRoleMapping";

pub fn alarm_topic_arn() -> Link {
    Link::new(
        "AlarmTopicArn",
        STRING,
        "Topic every alarm of the environment publishes to: subscribe operators to it",
    )
}

/// `id` is the table's logical-ID stem, `name` its name in the spec.
pub fn table_arn(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}TableArn"),
        STRING,
        format!("ARN of table {name}"),
    )
}

/// `id` is the table's logical-ID stem, `name` its name in the spec.
pub fn table_name(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}TableName"),
        STRING,
        format!("Name of table {name}"),
    )
}

/// `id` is the stream's logical-ID stem, `name` its name in the spec.
pub fn stream_arn(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}StreamArn"),
        STRING,
        format!("ARN of Kinesis data stream {name}"),
    )
}

/// `id` is the stream's logical-ID stem, `name` its name in the spec.
pub fn stream_name(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}StreamName"),
        STRING,
        format!("Name of Kinesis data stream {name}"),
    )
}

pub fn user_pool_arn() -> Link {
    Link::new(
        "UserPoolArn",
        STRING,
        "ARN of the Cognito user pool, which an API's Cognito authorizer takes",
    )
}

pub fn key_arn() -> Link {
    Link::new(KEY_ARN, STRING, "ARN of the environment's KMS key")
}

pub fn vpc_id() -> Link {
    Link::new(VPC_ID, "AWS::EC2::VPC::Id", "The VPC the platform runs in")
}

pub fn private_subnet_ids() -> Link {
    Link::new(
        PRIVATE_SUBNET_IDS,
        SUBNET_IDS,
        "Workload subnets, one per AZ, comma-separated",
    )
    .parameter("Workload subnets")
}

pub fn public_subnet_ids() -> Link {
    Link::new(
        PUBLIC_SUBNET_IDS,
        SUBNET_IDS,
        "Public subnets, one per AZ, comma-separated",
    )
    .parameter("Public subnets")
}

pub fn workload_security_group_id() -> Link {
    Link::new(
        WORKLOAD_SECURITY_GROUP_ID,
        SECURITY_GROUP_ID,
        "Security group of the platform's tasks",
    )
}

pub fn database_security_group_id() -> Link {
    Link::new(
        DATABASE_SECURITY_GROUP_ID,
        SECURITY_GROUP_ID,
        "Security group of the database",
    )
}

pub fn search_security_group_id() -> Link {
    Link::new(
        SEARCH_SECURITY_GROUP_ID,
        SECURITY_GROUP_ID,
        "Security group of the search domain",
    )
}

pub fn access_log_bucket_name() -> Link {
    Link::new(
        ACCESS_LOG_BUCKET_NAME,
        STRING,
        "Bucket that receives access logs",
    )
}

pub fn database_endpoint() -> Link {
    Link::new(
        DATABASE_ENDPOINT,
        STRING,
        "Host name of the PostgreSQL instance",
    )
}

pub fn database_secret_arn() -> Link {
    Link::new(
        DATABASE_SECRET_ARN,
        STRING,
        "Secrets Manager secret holding the database credentials",
    )
    .parameter("Secret holding the database credentials")
}

pub fn search_domain_arn() -> Link {
    Link::new(SEARCH_DOMAIN_ARN, STRING, "ARN of the OpenSearch domain")
}

pub fn search_domain_endpoint() -> Link {
    Link::new(
        SEARCH_DOMAIN_ENDPOINT,
        STRING,
        "HTTPS endpoint of the OpenSearch domain",
    )
}

pub fn cache_security_group_id() -> Link {
    Link::new(
        CACHE_SECURITY_GROUP_ID,
        SECURITY_GROUP_ID,
        "Security group of the MemoryDB cluster",
    )
}

pub fn cache_arn() -> Link {
    Link::new(CACHE_ARN, STRING, "ARN of the MemoryDB cluster")
}

pub fn cache_user_arn() -> Link {
    Link::new(
        CACHE_USER_ARN,
        STRING,
        "ARN of the IAM-authenticated MemoryDB user",
    )
}

pub fn cache_endpoint() -> Link {
    Link::new(CACHE_ENDPOINT, STRING, "Host name of the MemoryDB cluster")
}

pub fn cache_user_name() -> Link {
    Link::new(CACHE_USER_NAME, STRING, "IAM-authenticated MemoryDB user")
}

pub fn search_admin_role_arn() -> Link {
    Link::new(
        SEARCH_ADMIN_ROLE_ARN,
        STRING,
        "ARN of the search domain's master user role",
    )
}

pub fn search_admin_role_name() -> Link {
    Link::new(
        SEARCH_ADMIN_ROLE_NAME,
        STRING,
        "Name of the search domain's master user role",
    )
}

/// `id` is the bucket's logical-ID stem, `name` its name in the spec.
pub fn bucket_arn(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}BucketArn"),
        STRING,
        format!("ARN of bucket {name}"),
    )
}

/// `id` is the bucket's logical-ID stem, `name` its name in the spec.
pub fn bucket_name(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}BucketName"),
        STRING,
        format!("Name of bucket {name}"),
    )
}

/// `id` is the queue's logical-ID stem, `name` its name in the spec.
pub fn queue_arn(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}QueueArn"),
        STRING,
        format!("ARN of queue {name}"),
    )
}

/// `id` is the queue's logical-ID stem, `name` its name in the spec.
pub fn queue_url(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}QueueUrl"),
        STRING,
        format!("URL of queue {name}"),
    )
}

/// `id` is the topic's logical-ID stem, `name` its name in the spec.
pub fn topic_arn(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}TopicArn"),
        STRING,
        format!("ARN of topic {name}"),
    )
}

/// `id` is the secret's logical-ID stem, `name` its name in the spec.
pub fn secret_arn(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}SecretArn"),
        STRING,
        format!("ARN of secret {name}"),
    )
}

/// `id` is the load balancer's logical-ID stem (`Edge`): what a CloudFront VPC origin names.
pub fn load_balancer_arn(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}LoadBalancerArn"),
        STRING,
        format!("ARN of load balancer {name}"),
    )
}

/// `id` is the load balancer's logical-ID stem (`Edge`).
pub fn load_balancer_dns_name(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}LoadBalancerDnsName"),
        STRING,
        format!("DNS name of load balancer {name}"),
    )
    .parameter("DNS name of a load balancer")
}

pub fn load_balancer_zone_id(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}LoadBalancerZoneId"),
        STRING,
        format!("Route 53 zone of load balancer {name}"),
    )
    .parameter("Route 53 zone of a load balancer")
}

/// `id` is the API's logical-ID stem: the regional name its custom domain resolves to.
pub fn api_domain_target(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}ApiDomainTarget"),
        STRING,
        format!("Regional target of the custom domain of API {name}"),
    )
    .parameter("Regional target of an API's custom domain")
}

pub fn api_domain_zone_id(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}ApiDomainZoneId"),
        STRING,
        format!("Route 53 zone of the custom domain target of API {name}"),
    )
    .parameter("Route 53 zone of an API's custom domain target")
}

// Outputs for people and tools outside the platform's stacks: no stack imports them, and
// the parent repeats each under the same name.

pub const CLUSTER_ARN: &str = "ClusterArn";
pub const HOSTED_ZONE_ID: &str = "HostedZoneId";
pub const KUBERNETES_CLUSTER_NAME: &str = "KubernetesClusterName";
pub const KUBERNETES_CLUSTER_ENDPOINT: &str = "KubernetesClusterEndpoint";
pub const WORKER_VENDOR_ROLE_ARN: &str = "WorkerVendorRoleArn";
pub const WORKER_DATA_BUCKET_NAME: &str = "WorkerDataBucketName";
pub const WORKER_CLUSTER_ARN: &str = "WorkerClusterArn";
pub const WORKER_AUTO_SCALING_GROUP_NAME: &str = "WorkerAutoScalingGroupName";
pub const WORKER_FUNCTION_ROLE_ARN: &str = "WorkerFunctionRoleArn";
pub const WORKER_TASK_ROLE_ARN: &str = "WorkerTaskRoleArn";
pub const WORKER_TASK_EXECUTION_ROLE_ARN: &str = "WorkerTaskExecutionRoleArn";

/// A connector's outputs (`QueueUrl`, `RoleArn`, ...), prefixed so they never clash with the
/// messaging stack's in the parent: `ConnectorInstrumentsQueueUrl`.
pub fn connector_output(connector_id: &str, what: &str) -> String {
    format!("Connector{connector_id}{what}")
}

pub fn dead_letter_queue_arn(queue_id: &str) -> String {
    format!("{queue_id}DeadLetterQueueArn")
}

/// The logical ID of a service's own security group, in the compute stack.
pub fn service_security_group(service_id: &str) -> String {
    format!("{service_id}SecurityGroup")
}

/// `id` is the service's logical-ID stem: its security group, for consumers in later
/// stacks (Kubernetes workloads) to admit themselves to.
pub fn service_security_group_id(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}ServiceSecurityGroupId"),
        SECURITY_GROUP_ID,
        format!("Security group of service {name}"),
    )
}

/// The logical ID of the environment's private DNS namespace, in the compute stack.
pub const DISCOVERY_NAMESPACE: &str = "DiscoveryNamespace";

/// The logical ID of a service's Cloud Map service (its DNS name), in the compute stack.
pub fn discovery_service(service_id: &str) -> String {
    format!("{service_id}DiscoveryService")
}

/// The logical ID of a load balancer's security group, in the compute stack.
pub fn load_balancer_security_group(load_balancer_id: &str) -> String {
    format!("{load_balancer_id}LoadBalancerSecurityGroup")
}

/// The logical ID of a Network Load Balancer, in the compute stack: `verify` finds the
/// ones an API's VPC link reaches through it.
pub fn load_balancer(load_balancer_id: &str) -> String {
    format!("{load_balancer_id}LoadBalancer")
}

/// The logical ID of the VPC link to a load balancer, shared by the APIs in front of it.
pub fn vpc_link(load_balancer_id: &str) -> String {
    format!("{load_balancer_id}VpcLink")
}

/// The logical ID of the EKS cluster, in the kubernetes stack.
pub const KUBERNETES_CLUSTER: &str = "Cluster";

/// The cluster's attribute that holds the security group EKS creates for it, which the
/// pods of its managed nodes use.
pub const PODS_GROUP_ATTRIBUTE: &str = "ClusterSecurityGroupId";

/// The stem of the ingress rules that admit the cluster's pods: `PodsToDatabase`.
pub const PODS: &str = "Pods";

/// The logical ID of a Kubernetes workload's role (what its pods may use), in the
/// kubernetes stack.
pub fn workload_role(workload_id: &str) -> String {
    format!("{workload_id}WorkloadRole")
}

/// The fixed name of a Kubernetes workload's role, for the roles other stacks must name
/// before it exists: `<env>-<workload>-pods`, cut to IAM's 64 characters.
pub fn workload_role_name(environment: &str, workload: &str) -> String {
    let name = format!("{environment}-{workload}-pods");
    name.chars().take(64).collect()
}

/// The output holding a workload's environment, for its pods' manifests.
pub fn workload_environment(workload_id: &str) -> String {
    format!("{workload_id}WorkloadEnvironment")
}

/// The logical ID of a workload's Pod Identity association.
pub fn workload_pod_identity(workload_id: &str) -> String {
    format!("{workload_id}PodIdentity")
}

/// The logical ID of a service's task role (what its code may use), in the compute stack.
pub fn service_task_role(service_id: &str) -> String {
    format!("{service_id}TaskRole")
}

/// The logical ID of a service's execution role (what ECS does to start its tasks).
pub fn service_execution_role(service_id: &str) -> String {
    format!("{service_id}ExecutionRole")
}

/// The logical ID of a Lambda function's role, in the compute stack.
pub fn function_role(function_id: &str) -> String {
    format!("{function_id}FunctionRole")
}

/// The logical ID of a Lambda function's own security group, in the compute stack.
pub fn function_security_group(function_id: &str) -> String {
    format!("{function_id}FunctionSecurityGroup")
}

/// `id` is the file system's logical-ID stem (`Shared`), `name` its name in the spec.
pub fn file_system_id(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}FileSystemId"),
        STRING,
        format!("ID of file system {name}"),
    )
}

/// `id` is the file system's logical-ID stem, `name` its name in the spec.
pub fn file_system_arn(id: &str, name: &str) -> Link {
    Link::new(
        format!("{id}FileSystemArn"),
        STRING,
        format!("ARN of file system {name}"),
    )
}

pub fn file_system_security_group_id() -> Link {
    Link::new(
        FILE_SYSTEM_SECURITY_GROUP_ID,
        "AWS::EC2::SecurityGroup::Id",
        "Security group of the EFS mount targets",
    )
}

/// `id` is the function's logical-ID stem.
pub fn function_arn(id: &str) -> String {
    format!("{id}FunctionArn")
}

/// The logical ID of a Spark application (EMR Serverless), in the compute stack.
pub fn spark_application(spark_id: &str) -> String {
    format!("{spark_id}SparkApplication")
}

/// The logical ID of a Spark application's job runtime role, in the compute stack.
pub fn spark_role(spark_id: &str) -> String {
    format!("{spark_id}SparkJobRole")
}

/// The logical ID of a Spark application's own security group, in the compute stack.
pub fn spark_security_group(spark_id: &str) -> String {
    format!("{spark_id}SparkSecurityGroup")
}

/// The output holding a Spark application's ID.
pub fn spark_application_id(spark_id: &str) -> String {
    format!("{spark_id}SparkApplicationId")
}

/// The output holding a Spark application's job runtime role ARN.
pub fn spark_role_arn(spark_id: &str) -> String {
    format!("{spark_id}SparkJobRoleArn")
}

/// The logical ID of a pipeline task's task role (what its code may use), in the compute
/// stack. `task_id` is the task's logical-ID stem; the `Pipeline` prefix keeps it apart
/// from a service of the same name.
pub fn pipeline_task_role(task_id: &str) -> String {
    format!("Pipeline{task_id}TaskRole")
}

/// The logical ID of a pipeline task's execution role (what ECS does to start it).
pub fn pipeline_execution_role(task_id: &str) -> String {
    format!("Pipeline{task_id}ExecutionRole")
}

/// The logical ID of a pipeline task's own security group.
pub fn pipeline_security_group(task_id: &str) -> String {
    format!("Pipeline{task_id}SecurityGroup")
}

/// The logical ID of a pipeline task's task definition.
pub fn pipeline_task_definition(task_id: &str) -> String {
    format!("Pipeline{task_id}TaskDefinition")
}

/// The logical ID of the role that runs the pipeline tasks (a Step Functions state
/// machine assumes it), in the compute stack.
pub const PIPELINE_ORCHESTRATOR_ROLE: &str = "PipelineOrchestratorRole";

/// The logical ID of the pipeline's state machine, in the compute stack.
pub const PIPELINE_STATE_MACHINE: &str = "PipelineStateMachine";

/// The logical ID of the role the EventBridge pipe that starts the state machine runs
/// as, in the compute stack.
pub const PIPELINE_SOURCE_ROLE: &str = "PipelineSourceRole";

/// The logical ID of the compute cluster's capacity-provider associations.
pub const CLUSTER_CAPACITY_PROVIDERS: &str = "ClusterCapacityProviders";

/// The output holding the orchestrator role's ARN.
pub const PIPELINE_ORCHESTRATOR_ROLE_ARN: &str = "PipelineOrchestratorRoleArn";

/// The output holding the subnets a RunTask call for a pipeline task names.
pub const PIPELINE_SUBNET_IDS: &str = "PipelineSubnetIds";

/// The logical ID of the EFS CSI driver controller's role, in the kubernetes stack.
pub const EFS_CSI_CONTROLLER_ROLE: &str = "EfsCsiControllerRole";

/// The logical ID of the EFS CSI driver node plugin's role, which mounts file systems for
/// the Kubernetes workloads that name them, in the kubernetes stack.
pub const EFS_CSI_NODE_ROLE: &str = "EfsCsiNodeRole";

/// `A` for the first AZ, `B` for the second...: the stable suffix of per-AZ resources.
pub fn zone_letter(zone: usize) -> char {
    char::from(b'A' + u8::try_from(zone).unwrap_or(25).min(25))
}

pub const EMAIL_IDENTITY_ARN: &str = "EmailIdentityArn";
pub const EMAIL_CONFIGURATION_SET_ARN: &str = "EmailConfigurationSetArn";
pub const EMAIL_CONFIGURATION_SET_NAME: &str = "EmailConfigurationSetName";

/// The SES domain identity workloads send from.
pub fn email_identity_arn() -> Link {
    Link::new(
        EMAIL_IDENTITY_ARN,
        STRING,
        "ARN of the SES domain identity notifications are sent from",
    )
}

/// The configuration set every message is sent through.
pub fn email_configuration_set_arn() -> Link {
    Link::new(
        EMAIL_CONFIGURATION_SET_ARN,
        STRING,
        "ARN of the SES configuration set of notifications",
    )
}

pub fn email_configuration_set_name() -> Link {
    Link::new(
        EMAIL_CONFIGURATION_SET_NAME,
        STRING,
        "Name of the SES configuration set of notifications",
    )
}

/// One of the three Easy DKIM CNAME records: `part` is `Name` or `Value`, `n` 1 to 3.
pub fn email_dkim(part: &str, n: usize) -> Link {
    Link::new(
        format!("EmailDkim{part}{n}"),
        STRING,
        format!("{part} of DKIM CNAME record {n} of the sending domain"),
    )
}
