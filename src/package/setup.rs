//! The two organization templates a package carries besides the platform's own:
//!
//! - `service-catalog.template.json`, deployed once in the management (or tooling)
//!   account: the portfolio, one product per top-level stack whose first provisioning
//!   artifact is this version, the launch-role constraints and the principals allowed to
//!   launch.
//! - `stackset.template.json`, deployed by a service-managed StackSet to every account of
//!   an organizational unit: the launch role, under the same name everywhere, so the
//!   shared portfolio's `LocalRoleName` constraint finds it in each account (AWS Service
//!   Catalog Administrator Guide, "AWS Service Catalog launch constraints": a local role
//!   name is resolved in the account that launches).

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::services::{self, ACCOUNTLESS};

/// What both templates are built from.
pub struct Setup<'a> {
    /// Product names are `<name>-<top-level stack>`; the portfolio and role take it too.
    pub name: &'a str,
    pub version: &'a str,
    /// The key prefix given to `package` (empty, or ending in `/`).
    pub prefix: &'a str,
    /// The top-level stacks packaged, in deployment order (`foundation`, `application`).
    pub tops: Vec<&'static str>,
    /// IAM service prefixes of every resource type in the templates.
    pub services: BTreeSet<String>,
}

fn sub(text: impl Into<String>) -> Value {
    json!({ "Fn::Sub": text.into() })
}

fn r#ref(name: &str) -> Value {
    json!({ "Ref": name })
}

/// Logical ID fragment of a top-level stack (`Foundation`).
fn title(top: &str) -> String {
    let mut chars = top.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

impl Setup<'_> {
    /// Default name of the launch role: the same in every account.
    fn role_name(&self) -> String {
        let mut name = format!("{}-platform-launch", self.name);
        // IAM role names are at most 64 characters (IAM User Guide, "IAM and AWS STS quotas").
        name.truncate(64);
        name
    }

    fn common_parameters(&self) -> Map<String, Value> {
        let mut p = Map::new();
        p.insert(
            "ArtifactBucket".into(),
            json!({
                "Type": "String",
                "Description": "S3 bucket the package was published to",
                "AllowedPattern": "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
                "ConstraintDescription": "an S3 bucket name",
            }),
        );
        p.insert(
            "LaunchRoleName".into(),
            json!({
                "Type": "String",
                "Description": "Name of the launch role; the same in every account",
                "Default": self.role_name(),
                "AllowedPattern": "^[\\w+=,.@-]{1,64}$",
                "ConstraintDescription": "an IAM role name",
            }),
        );
        p
    }

    /// The launch role: trusted by Service Catalog, allowed CloudFormation's stack
    /// operations and, on the account's own resources, exactly the services the platform's
    /// templates use.
    fn launch_role(&self) -> Value {
        let mut actions: Vec<Value> = Vec::new();
        let mut reads: Vec<Value> = vec![
            json!("cloudformation:GetTemplateSummary"),
            json!("cloudformation:ValidateTemplate"),
        ];
        let mut resources: Vec<Value> = Vec::new();
        let services: BTreeSet<&str> = self
            .services
            .iter()
            .map(String::as_str)
            .chain(["cloudformation"])
            .collect();
        for service in &services {
            actions.extend(services::actions(service).into_iter().map(Value::from));
            // Many Describe and List actions take no resource ARN at all (Service
            // Authorization Reference: their "Resource types" column is empty), so they are
            // allowed on "*"; they read configuration, never data.
            if services::has_describe(service) {
                reads.push(json!(format!("{service}:Describe*")));
            }
            if services::has_list(service) {
                reads.push(json!(format!("{service}:List*")));
            }
            resources.push(sub(format!(
                "arn:${{AWS::Partition}}:{service}:*:${{AWS::AccountId}}:*"
            )));
            if ACCOUNTLESS.contains(service) {
                resources.push(sub(format!("arn:${{AWS::Partition}}:{service}:*::*")));
            }
        }
        json!({
            "Type": "AWS::IAM::Role",
            "Metadata": { "checkov": { "skip": [
                { "id": "CKV_AWS_109", "comment": "A launch role creates the platform's IAM roles and key policies: permissions management is its job, limited to this account's resources" },
                { "id": "CKV_AWS_110", "comment": "A launch role creates and passes the platform's IAM roles, which is privilege escalation by design; only Service Catalog can assume it" },
                { "id": "CKV_AWS_111", "comment": "Write access is limited to this account's resources of the services the platform uses; only Describe and List actions are on *" },
            ] } },
            "Properties": {
                "RoleName": r#ref("LaunchRoleName"),
                "Description": format!("Launches the {} data platform's Service Catalog products", self.name),
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Effect": "Allow",
                        "Principal": { "Service": "servicecatalog.amazonaws.com" },
                        "Action": "sts:AssumeRole",
                    }],
                },
                "Policies": [{
                    "PolicyName": "launch-platform",
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Sid": "Templates",
                                "Effect": "Allow",
                                "Action": "s3:GetObject",
                                "Resource": sub("arn:${AWS::Partition}:s3:::${ArtifactBucket}/*"),
                            },
                            {
                                "Sid": "PlatformServices",
                                "Effect": "Allow",
                                "Action": actions,
                                "Resource": resources,
                            },
                            {
                                "Sid": "Describe",
                                "Effect": "Allow",
                                "Action": reads,
                                "Resource": "*",
                            },
                        ],
                    },
                }],
            },
        })
    }

    /// `service-catalog.template.json`.
    pub fn service_catalog(&self) -> Value {
        let mut parameters = self.common_parameters();
        parameters.insert(
            "ArtifactPrefix".into(),
            json!({
                "Type": "String",
                "Description": "Key prefix the package was published under, ending in / (the version follows it)",
                "Default": self.prefix,
                "AllowedPattern": "^([a-zA-Z0-9!_.*'()-]+/)*$",
                "ConstraintDescription": "empty, or a key prefix ending in /",
            }),
        );
        parameters.insert(
            "ProviderName".into(),
            json!({
                "Type": "String",
                "Description": "Who provides the portfolio and its products, as launch users see it",
                "Default": "Platform team",
                "MinLength": 1,
            }),
        );
        parameters.insert(
            "PrincipalArns".into(),
            json!({
                "Type": "CommaDelimitedList",
                "Description": "IAM principals allowed to launch the products (with IAM_PATTERN, e.g. arn:aws:iam:::role/DataPlatformOperators, resolved in each account the portfolio is shared with)",
            }),
        );
        parameters.insert(
            "PrincipalType".into(),
            json!({
                "Type": "String",
                "Description": "IAM for ARNs of this account; IAM_PATTERN for names resolved in every account the portfolio is shared with",
                "Default": "IAM_PATTERN",
                "AllowedValues": ["IAM", "IAM_PATTERN"],
            }),
        );
        let mut resources = Map::new();
        resources.insert(
            "Portfolio".into(),
            json!({
                "Type": "AWS::ServiceCatalog::Portfolio",
                "Properties": {
                    "DisplayName": format!("{} data platform", self.name),
                    "Description": format!("The {} data platform's top-level stacks, one product each", self.name),
                    "ProviderName": r#ref("ProviderName"),
                },
            }),
        );
        resources.insert("LaunchRole".into(), self.launch_role());
        let mut outputs = Map::new();
        outputs.insert(
            "PortfolioId".into(),
            json!({ "Description": "Share it with the organization (create-portfolio-share)", "Value": r#ref("Portfolio") }),
        );
        for top in &self.tops {
            let t = title(top);
            let product = format!("{t}Product");
            resources.insert(
                product.clone(),
                json!({
                    "Type": "AWS::ServiceCatalog::CloudFormationProduct",
                    "Properties": {
                        "Name": format!("{}-{top}", self.name),
                        "Owner": r#ref("ProviderName"),
                        "Description": format!("The {top} stack of the {} data platform", self.name),
                        "ProvisioningArtifactParameters": [{
                            "Name": self.version,
                            "Description": format!("Version {}", self.version),
                            "Type": "CLOUD_FORMATION_TEMPLATE",
                            "Info": { "LoadTemplateFromURL": sub(format!(
                                "https://${{ArtifactBucket}}.s3.${{AWS::Region}}.${{AWS::URLSuffix}}/${{ArtifactPrefix}}{}/{top}.template.json",
                                self.version
                            )) },
                        }],
                    },
                }),
            );
            let association = format!("{t}Association");
            resources.insert(
                association.clone(),
                json!({
                    "Type": "AWS::ServiceCatalog::PortfolioProductAssociation",
                    "Properties": { "PortfolioId": r#ref("Portfolio"), "ProductId": r#ref(&product) },
                }),
            );
            // A launch constraint needs the product in the portfolio first (AWS Service
            // Catalog API Reference, "CreateConstraint").
            resources.insert(
                format!("{t}LaunchConstraint"),
                json!({
                    "Type": "AWS::ServiceCatalog::LaunchRoleConstraint",
                    "DependsOn": [association, "LaunchRole"],
                    "Properties": {
                        "PortfolioId": r#ref("Portfolio"),
                        "ProductId": r#ref(&product),
                        "LocalRoleName": r#ref("LaunchRoleName"),
                        "Description": "Launch as the platform's launch role of the launching account",
                    },
                }),
            );
            outputs.insert(
                format!("{t}ProductId"),
                json!({ "Description": format!("The {top} product"), "Value": r#ref(&product) }),
            );
        }
        // One association per principal: CloudFormation's ForEach (AWS CloudFormation User
        // Guide, "Fn::ForEach"; `&{}` keeps only the alphanumerics of an ARN for the ID).
        resources.insert(
            "Fn::ForEach::Principals".into(),
            json!([
                "PrincipalArn",
                r#ref("PrincipalArns"),
                { "Principal&{PrincipalArn}": {
                    "Type": "AWS::ServiceCatalog::PortfolioPrincipalAssociation",
                    "Properties": {
                        "PortfolioId": r#ref("Portfolio"),
                        "PrincipalARN": r#ref("PrincipalArn"),
                        "PrincipalType": r#ref("PrincipalType"),
                    },
                } },
            ]),
        );
        json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Transform": "AWS::LanguageExtensions",
            "Description": format!(
                "{} data platform: Service Catalog portfolio and products, version {} (platformctl; deploy once)",
                self.name, self.version
            ),
            "Parameters": parameters,
            "Resources": resources,
            "Outputs": outputs,
        })
    }

    /// `stackset.template.json`: the launch role, for every account of the organizational
    /// unit the StackSet deploys to.
    pub fn stackset(&self) -> Value {
        let mut resources = Map::new();
        resources.insert("LaunchRole".into(), self.launch_role());
        json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": format!(
                "{} data platform: the Service Catalog launch role of every member account (platformctl; deploy as a service-managed StackSet)",
                self.name
            ),
            "Parameters": self.common_parameters(),
            "Resources": resources,
            "Outputs": {
                "LaunchRoleArn": { "Description": "The launch role", "Value": { "Fn::GetAtt": ["LaunchRole", "Arn"] } },
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(services: &[&str]) -> Setup<'static> {
        Setup {
            name: "acme",
            version: "1.2.0",
            prefix: "p/",
            tops: vec!["foundation", "application"],
            services: services.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    fn actions(template: &Value) -> Vec<String> {
        let statements = &template["Resources"]["LaunchRole"]["Properties"]["Policies"][0]
            ["PolicyDocument"]["Statement"];
        statements
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| match &s["Action"] {
                Value::Array(a) => a.iter().map(|v| v.as_str().unwrap().to_owned()).collect(),
                v => vec![v.as_str().unwrap().to_owned()],
            })
            .collect()
    }

    #[test]
    fn the_launch_role_gets_only_the_services_the_templates_use() {
        let granted = actions(&setup(&["sqs"]).stackset());
        assert!(granted.contains(&"sqs:*".to_owned()));
        assert!(granted.contains(&"cloudformation:*".to_owned()));
        for service in granted.iter().map(|a| a.split(':').next().unwrap()) {
            assert!(
                ["sqs", "cloudformation", "s3"].contains(&service),
                "{service} in {granted:?}"
            );
        }
        // s3 only for reading the templates.
        assert!(granted.contains(&"s3:GetObject".to_owned()));
        assert!(!granted.contains(&"s3:*".to_owned()));
    }

    #[test]
    fn each_top_level_stack_is_a_product_whose_first_version_is_this_one() {
        let template = setup(&["sqs"]).service_catalog();
        let resources = template["Resources"].as_object().unwrap();
        for top in ["Foundation", "Application"] {
            let product = &resources[&format!("{top}Product")]["Properties"];
            let artifact = &product["ProvisioningArtifactParameters"][0];
            assert_eq!(artifact["Name"], "1.2.0");
            let url = artifact["Info"]["LoadTemplateFromURL"]["Fn::Sub"]
                .as_str()
                .unwrap();
            assert!(
                url.ends_with(&format!(
                    "${{ArtifactPrefix}}1.2.0/{}.template.json",
                    top.to_lowercase()
                )),
                "{url}"
            );
            let constraint = &resources[&format!("{top}LaunchConstraint")]["Properties"];
            assert_eq!(
                constraint["LocalRoleName"],
                json!({ "Ref": "LaunchRoleName" })
            );
        }
        assert_eq!(template["Parameters"]["ArtifactPrefix"]["Default"], "p/");
        assert_eq!(
            template["Parameters"]["PrincipalArns"]["Type"],
            "CommaDelimitedList"
        );
    }
}
