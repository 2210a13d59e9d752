//! PostgreSQL on RDS: private, encrypted, credentials managed in Secrets Manager.

use serde_json::json;

use crate::components::{Database, Platform};
use crate::render::intrinsics::{arn, get_att, r#ref};
use crate::render::link::DatabaseExports;
use crate::render::logs;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::{Policy, Resource};

/// Log types RDS for PostgreSQL can export to CloudWatch Logs.
const EXPORTED_LOGS: &[&str] = &["postgresql", "upgrade"];

/// Where applications and operators find the database without reading a stack output:
/// SSM parameters `/<environment>/database/<key>` (the Usage Engine installation's "SSM RDS
/// Parameters"). The password is not among them: it lives in the rotating master secret.
fn parameters(s: &mut StackBuilder, platform: &Platform, db: &Database) {
    for (id, key, value) in [
        ("DatabaseEndpointParameter", "endpoint", get_att("Database", "Endpoint.Address")),
        ("DatabasePortParameter", "port", get_att("Database", "Endpoint.Port")),
        ("DatabaseNameParameter", "name", json!(db.database_name)),
        ("DatabaseUserParameter", "user", json!(MASTER_USERNAME)),
    ] {
        s.add(
            id,
            Resource::new(
                "AWS::SSM::Parameter",
                json!({
                    "Name": format!("/{}/database/{key}", platform.name),
                    "Type": "String",
                    "Value": value,
                    "Description": format!("Database {key} of platform environment {}", platform.name)
                }),
            ),
        );
    }
}

/// The master user's name; its password is the managed, rotating master secret.
const MASTER_USERNAME: &str = "platform_admin";

pub fn render(s: &mut StackBuilder, platform: &Platform, db: &Database) -> DatabaseExports {
    // Fixed so that its log groups can be created (encrypted, with retention) before RDS
    // would create them itself without either.
    let identifier = db.identifier.clone();
    s.add(
        "DatabaseSubnetGroup",
        Resource::new(
            "AWS::RDS::DBSubnetGroup",
            json!({ "DBSubnetGroupDescription": format!("{} database subnets", platform.name), "SubnetIds": r#ref(names::PRIVATE_SUBNET_IDS) }),
        ),
    );
    s.add(
        "DatabaseParameterGroup",
        Resource::new(
            "AWS::RDS::DBParameterGroup",
            json!({
                "Description": format!("{} PostgreSQL settings", platform.name),
                "Family": db.parameter_group_family(),
                "Parameters": { "rds.force_ssl": "1", "log_min_duration_statement": "1000" }
            }),
        ),
    );
    s.add(
        "DatabaseMonitoringRole",
        Resource::new(
            "AWS::IAM::Role",
            json!({
                "AssumeRolePolicyDocument": crate::render::iam::service_trust("monitoring.rds.amazonaws.com"),
                "ManagedPolicyArns": [arn("iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole")]
            }),
        ),
    );
    let mut log_groups = Vec::new();
    for log in EXPORTED_LOGS {
        let id = format!("Database{}LogGroup", crate::model::names::pascal(log));
        s.add(
            &id,
            logs::log_group(
                format!("/aws/rds/instance/{identifier}/{log}"),
                logs::RETENTION_DAYS,
            ),
        );
        log_groups.push(id);
    }
    let depends: Vec<&str> = log_groups.iter().map(String::as_str).collect();
    let mut instance = Resource::new(
        "AWS::RDS::DBInstance",
        json!({
            "DBInstanceIdentifier": identifier,
            "Engine": "postgres",
            "EngineVersion": db.engine_version,
            "DBInstanceClass": db.instance_class,
            "AllocatedStorage": db.storage_gb.to_string(),
            "StorageType": "gp3",
            "StorageEncrypted": true,
            "KmsKeyId": r#ref(names::KEY_ARN),
            "DBName": db.database_name,
            "MasterUsername": MASTER_USERNAME,
            "ManageMasterUserPassword": true,
            "MasterUserSecret": { "KmsKeyId": r#ref(names::KEY_ARN) },
            "MultiAZ": db.multi_az,
            "PubliclyAccessible": false,
            "DBSubnetGroupName": r#ref("DatabaseSubnetGroup"),
            "DBParameterGroupName": r#ref("DatabaseParameterGroup"),
            "VPCSecurityGroups": [r#ref(names::DATABASE_SECURITY_GROUP_ID)],
            "BackupRetentionPeriod": db.backup_retention_days,
            "PreferredBackupWindow": "03:00-04:00",
            "PreferredMaintenanceWindow": "sun:05:00-sun:06:00",
            // Off only under `teardown`: CloudFormation cannot delete a protected instance.
            "DeletionProtection": !platform.teardown,
            "CopyTagsToSnapshot": true,
            "AutoMinorVersionUpgrade": true,
            "EnableIAMDatabaseAuthentication": true,
            "EnableCloudwatchLogsExports": EXPORTED_LOGS,
            "MonitoringInterval": 60,
            "MonitoringRoleArn": get_att("DatabaseMonitoringRole", "Arn"),
            "EnablePerformanceInsights": true,
            "PerformanceInsightsKMSKeyId": r#ref(names::KEY_ARN),
            "PerformanceInsightsRetentionPeriod": 7
        }),
    )
    .keep(Policy::Snapshot)
    .depends_on(&depends);
    if !db.multi_az {
        instance = instance.skip_checkov(&[(
            "CKV_AWS_157",
            "Single-AZ by choice: database.multi_az is false (the Small size default)",
        )]);
    }
    s.add("Database", instance);
    parameters(s, platform, db);
    DatabaseExports {
        endpoint: s.export(
            names::database_endpoint(),
            get_att("Database", "Endpoint.Address"),
        ),
        secret_arn: s.export(
            names::database_secret_arn(),
            get_att("Database", "MasterUserSecret.SecretArn"),
        ),
    }
}
