//! The organizations' nested stacks: one per non-empty shard, each organization's key,
//! alias, Glue database, Athena workgroup and managed policy in its shard's stack.
//!
//! Logical IDs come from the organization's name (`Org<Name>Key`...) and its stack from
//! a hash of that name ([`super::shard`]), so adding an organization adds resources to one
//! stack and changes nothing else, and removing one removes only its own. Shards export
//! nothing: a parent stack has at most 200 outputs (AWS CloudFormation User Guide,
//! "Understand CloudFormation quotas"), and hundreds of organizations would pass that.
//! Their names are fixed instead, so roles attach the policy by name.

use serde_json::json;

use super::model::Organization;
use super::shard::{self, SHARDS};
use crate::components::{Platform, Stack};
use crate::render::iam::{self, Statement};
use crate::render::intrinsics::{arn, get_att, r#ref, sub};
use crate::render::link::Upstream;
use crate::render::stack::{NestedStack, StackBuilder};
use crate::render::template::{Policy, Resource};

/// The organizations' stacks, in shard order; empty shards are not rendered.
pub fn render(platform: &Platform, up: &Upstream) -> Vec<NestedStack> {
    let orgs = &platform.organizations;
    let Some(bucket) = up.data.buckets.get(&orgs.bucket) else {
        // The model resolves the bucket whenever there are organizations.
        return Vec::new();
    };
    (0..SHARDS)
        .filter(|n| orgs.in_shard(*n).next().is_some())
        .map(|n| {
            let what = format!("organizations, shard {n} of {SHARDS}");
            let mut s = StackBuilder::new(shard::NAMES[n], Stack::Organizations.top_level(), platform, &what);
            s.import_as(&bucket.name, "Name of the bucket that holds the organizations' data");
            s.import_as(&bucket.arn, "ARN of the bucket that holds the organizations' data");
            for org in orgs.in_shard(n) {
                organization(&mut s, platform, org, &bucket.name, &bucket.arn);
            }
            s.finish()
        })
        .collect()
}

/// One organization's resources; `bucket_name` and `bucket_arn` are the shard's
/// parameters (imported from the data stack).
fn organization(
    s: &mut StackBuilder,
    platform: &Platform,
    org: &Organization,
    bucket_name: &crate::render::link::Export,
    bucket_arn: &crate::render::link::Export,
) {
    let env = &platform.name;
    let name = &org.name;
    let key = format!("Org{}Key", org.id);
    let database = format!("{env}_{name}").replace('-', "_");
    let workgroup = format!("{env}-{name}");
    let bucket = bucket_name.name();
    // Roles get the key through the organization's managed policy: the key policy lets
    // the account's IAM policies grant it (AWS KMS Developer Guide, "Default key policy"),
    // and no service principal needs it, since Athena and S3 use it with the caller's own
    // permissions (Amazon Athena User Guide, "Encrypting Athena query results stored in
    // Amazon S3").
    let policy = iam::document([Statement::allow("kms:*")
        .sid("AccountAdministersKeyThroughIam")
        .aws(arn("iam::${AWS::AccountId}:root"))
        .resource("*")]);
    s.add(
        &key,
        Resource::new(
            "AWS::KMS::Key",
            json!({
                "Description": format!("Encrypts the data of organization {name} in platform environment {env}"),
                "EnableKeyRotation": true,
                "PendingWindowInDays": org.key_deletion_window_days,
                "KeyPolicy": policy
            }),
        )
        .keep(Policy::Retain),
    );
    s.add(
        format!("Org{}KeyAlias", org.id),
        Resource::new(
            "AWS::KMS::Alias",
            json!({ "AliasName": format!("alias/{env}/org/{name}"), "TargetKeyId": r#ref(&key) }),
        ),
    );
    // Glue database names are lowercase letters, digits and underscores (AWS Glue
    // Developer Guide, "Names in the Data Catalog"); the catalog is the account's.
    s.add(
        format!("Org{}Database", org.id),
        Resource::new(
            "AWS::Glue::Database",
            json!({
                "CatalogId": r#ref("AWS::AccountId"),
                "DatabaseInput": {
                    "Name": database,
                    "Description": format!("Tables of organization {name}"),
                    "LocationUri": sub(format!("s3://${{{bucket}}}/{name}/"))
                }
            }),
        )
        .keep(Policy::Retain),
    );
    // Enforced, so a query cannot send its results elsewhere or unencrypted (Amazon
    // Athena User Guide, "Override client-side settings").
    s.add(
        format!("Org{}WorkGroup", org.id),
        Resource::new(
            "AWS::Athena::WorkGroup",
            json!({
                "Name": workgroup,
                "Description": format!("Queries of organization {name}"),
                "State": "ENABLED",
                // Removing an organization deletes its saved queries with the workgroup,
                // which AWS refuses otherwise (AWS CloudFormation Template Reference,
                // "AWS::Athena::WorkGroup"); results in S3 stay.
                "RecursiveDeleteOption": true,
                "WorkGroupConfiguration": {
                    "EnforceWorkGroupConfiguration": true,
                    "PublishCloudWatchMetricsEnabled": true,
                    "ResultConfiguration": {
                        "OutputLocation": sub(format!("s3://${{{bucket}}}/athena/{name}/")),
                        "EncryptionConfiguration": {
                            "EncryptionOption": "SSE_KMS",
                            "KmsKey": get_att(&key, "Arn")
                        }
                    }
                }
            }),
        ),
    );
    s.add(
        format!("Org{}Policy", org.id),
        Resource::new(
            "AWS::IAM::ManagedPolicy",
            json!({
                "ManagedPolicyName": format!("{env}-org-{name}"),
                "Description": format!("Use of organization {name}'s workgroup, database, data and key only"),
                "PolicyDocument": iam::document(statements(org, &key, &database, &workgroup, bucket_arn.name()))
            }),
        ),
    );
}

/// What the policy allows: the workgroup, the database and its tables, the objects under
/// the organization's two prefixes (listing only those), and its key.
fn statements(
    org: &Organization,
    key: &str,
    database: &str,
    workgroup: &str,
    bucket_arn: &str,
) -> Vec<serde_json::Value> {
    let name = &org.name;
    let glue = |rest: &str| arn(&format!("glue:${{AWS::Region}}:${{AWS::AccountId}}:{rest}"));
    vec![
        iam::allow(
            "QueryInOwnWorkGroup",
            &[
                "athena:StartQueryExecution",
                "athena:StopQueryExecution",
                "athena:GetQueryExecution",
                "athena:GetQueryResults",
                "athena:GetWorkGroup",
                "athena:BatchGetQueryExecution",
                "athena:ListQueryExecutions",
            ],
            vec![arn(&format!(
                "athena:${{AWS::Region}}:${{AWS::AccountId}}:workgroup/{workgroup}"
            ))],
        ),
        // Glue authorizes a table action on the catalog, the database and the table
        // (AWS Glue Developer Guide, "Specifying AWS Glue resource ARNs").
        iam::allow(
            "OwnDatabaseAndTables",
            &[
                "glue:GetDatabase",
                "glue:GetTable",
                "glue:GetTables",
                "glue:GetPartition",
                "glue:GetPartitions",
                "glue:BatchGetPartition",
                "glue:CreateTable",
                "glue:UpdateTable",
                "glue:DeleteTable",
                "glue:BatchCreatePartition",
                "glue:CreatePartition",
                "glue:UpdatePartition",
                "glue:DeletePartition",
                "glue:BatchDeletePartition",
            ],
            vec![
                glue("catalog"),
                glue(&format!("database/{database}")),
                glue(&format!("table/{database}/*")),
            ],
        ),
        // Athena asks where the results bucket is before a query (Amazon Athena User
        // Guide, "Access to Amazon S3"); the answer holds no data.
        iam::allow("LocateBucket", &["s3:GetBucketLocation"], vec![r#ref(bucket_arn)]),
        Statement::allow("s3:ListBucket")
            .sid("ListOwnPrefixes")
            .resource(r#ref(bucket_arn))
            .condition(json!({ "StringLike": { "s3:prefix": [format!("{name}/*"), format!("athena/{name}/*")] } }))
            .into(),
        iam::allow(
            "OwnObjects",
            &[
                "s3:GetObject",
                "s3:PutObject",
                "s3:DeleteObject",
                "s3:AbortMultipartUpload",
                "s3:ListMultipartUploadParts",
            ],
            vec![
                sub(format!("${{{bucket_arn}}}/{name}/*")),
                sub(format!("${{{bucket_arn}}}/athena/{name}/*")),
            ],
        ),
        iam::allow(
            "OwnKey",
            &["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
            vec![get_att(key, "Arn")],
        ),
    ]
}
