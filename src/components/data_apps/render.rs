//! CloudFront distributions (dns stack, after the load balancers they front): HTTPS to the
//! viewer (HTTP redirected, TLSv1.2_2021, the spec's us-east-1 certificate), HTTPS to the
//! origin, security headers on every response, standard logs to a log bucket of their own.
//!
//! Standard logging (legacy) writes with S3 ACLs, so its bucket needs ACLs enabled
//! (Amazon CloudFront Developer Guide, "Configure standard logging (legacy)": the bucket
//! must not have S3 Object Ownership set to bucket owner enforced). The environment's
//! access-log bucket keeps ACLs disabled, so the distributions log to a bucket of this
//! stack. Standard logging v2, delivered through CloudWatch Logs, needs no ACLs but its
//! delivery source must be created in us-east-1, which a stack in another region cannot.

use serde_json::{json, Value};

use super::model::{DataApp, Origin};
use crate::components::buckets::render::{
    block_public_access, data_bucket_properties, expire_noncurrent_versions, tls_only_policy,
};
use crate::components::Platform;
use crate::render::iam::Statement;
use crate::render::intrinsics::{arn, get_att, r#ref};
use crate::render::link::Upstream;

use crate::render::stack::StackBuilder;
use crate::render::template::{Policy, Resource};

const LOG_BUCKET: &str = "DataAppsLogBucket";

/// CloudFront's managed policies (Amazon CloudFront Developer Guide, "Use managed cache
/// policies" and "Use managed origin request policies").
const CACHING_DISABLED: &str = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const CACHING_OPTIMIZED: &str = "658327ea-f89d-4fab-a63d-7e88639e58f6";
/// Forwards the viewer's Host header, so the load balancer's certificate (which covers
/// the app's host names, not its own DNS name) passes CloudFront's origin check.
const ALL_VIEWER: &str = "216adef6-5c7f-47e4-b989-5492eafa07d3";

/// The hosted zone of every CloudFront alias target (Amazon Route 53 Developer Guide,
/// "AliasTarget").
const CLOUDFRONT_ZONE: &str = "Z2FDTNDATAQYW2";

fn distribution_arn(id: &str) -> Value {
    arn(&format!("cloudfront::${{AWS::AccountId}}:distribution/${{{id}Distribution}}"))
}

pub fn render(s: &mut StackBuilder, platform: &Platform, apps: &[DataApp], up: &Upstream) {
    log_bucket(s, apps);
    for app in apps {
        render_app(s, platform, app, up);
    }
}

/// The distributions' log bucket: SSE-S3 (CloudFront's log delivery cannot use a KMS key
/// it is not granted), ACLs enabled for the delivery, kept when the stack goes.
fn log_bucket(s: &mut StackBuilder, apps: &[DataApp]) {
    s.add(
        LOG_BUCKET,
        Resource::new(
            "AWS::S3::Bucket",
            json!({
                "BucketEncryption": { "ServerSideEncryptionConfiguration": [{ "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } }] },
                "VersioningConfiguration": { "Status": "Enabled" },
                "PublicAccessBlockConfiguration": block_public_access(),
                "OwnershipControls": { "Rules": [{ "ObjectOwnership": "BucketOwnerPreferred" }] },
                "LifecycleConfiguration": { "Rules": [{
                    "Id": "expire-access-logs",
                    "Status": "Enabled",
                    "ExpirationInDays": 365,
                    "NoncurrentVersionExpiration": { "NoncurrentDays": 30 },
                    "AbortIncompleteMultipartUpload": { "DaysAfterInitiation": 7 }
                }] }
            }),
        )
        .keep(Policy::Retain)
        .skip_checkov(&[("CKV_AWS_18", "This is the log target bucket; logging it would log its own log deliveries")]),
    );
    let mut extra = Vec::new();
    if apps.iter().any(|a| a.origin == Origin::StaticAssets) {
        extra.push(
            Statement::allow("s3:PutObject")
                .sid("S3ServerAccessLogDelivery")
                .service("logging.s3.amazonaws.com")
                .resource(crate::render::intrinsics::sub(format!("${{{LOG_BUCKET}.Arn}}/*")))
                .condition(json!({ "StringEquals": { "aws:SourceAccount": r#ref("AWS::AccountId") } }))
                .into(),
        );
    }
    s.add(
        format!("{LOG_BUCKET}Policy"),
        Resource::new("AWS::S3::BucketPolicy", tls_only_policy(LOG_BUCKET, extra)),
    );
}

fn render_app(s: &mut StackBuilder, platform: &Platform, app: &DataApp, up: &Upstream) {
    let id = &app.id;
    let distribution = format!("{id}Distribution");
    let headers = format!("{id}SecurityHeaders");
    s.add(
        &headers,
        Resource::new(
            "AWS::CloudFront::ResponseHeadersPolicy",
            json!({ "ResponseHeadersPolicyConfig": {
                "Name": format!("{}-{}-security-headers", platform.name, app.name),
                "SecurityHeadersConfig": {
                    "StrictTransportSecurity": { "AccessControlMaxAgeSec": 63_072_000, "IncludeSubdomains": true, "Preload": false, "Override": true },
                    "ContentTypeOptions": { "Override": true },
                    "FrameOptions": { "FrameOption": "DENY", "Override": true },
                    "ReferrerPolicy": { "ReferrerPolicy": "strict-origin-when-cross-origin", "Override": true },
                    "XSSProtection": { "Protection": true, "ModeBlock": true, "Override": true }
                }
            } }),
        ),
    );
    let mut behavior = json!({
        "TargetOriginId": "origin",
        "ViewerProtocolPolicy": "redirect-to-https",
        "Compress": true,
        "ResponseHeadersPolicyId": r#ref(&headers)
    });
    let mut skips = vec![("CKV_AWS_310", "One origin per app: there is no second origin to fail over to")];
    let origin = match &app.origin {
        Origin::LoadBalancer { id: lb, port, internal } => {
            let Some(target) = up.compute.load_balancers.get(lb) else {
                return;
            };
            let dns_name = s.import(&target.dns_name);
            behavior["CachePolicyId"] = json!(CACHING_DISABLED);
            behavior["OriginRequestPolicyId"] = json!(ALL_VIEWER);
            behavior["AllowedMethods"] = json!(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]);
            skips.push(("CKV_AWS_305", "The application behind the load balancer answers `/` itself"));
            match (internal, &target.arn) {
                (true, Some(arn)) => {
                    let arn = s.import(arn);
                    let vpc_origin = vpc_origin(s, platform, app, arn, *port);
                    json!({ "Id": "origin", "DomainName": dns_name, "VpcOriginConfig": { "VpcOriginId": get_att(&vpc_origin, "Id") } })
                }
                _ => json!({
                    "Id": "origin",
                    "DomainName": dns_name,
                    "CustomOriginConfig": { "HTTPSPort": port, "OriginProtocolPolicy": "https-only", "OriginSSLProtocols": ["TLSv1.2"] }
                }),
            }
        }
        Origin::StaticAssets => {
            behavior["CachePolicyId"] = json!(CACHING_OPTIMIZED);
            behavior["AllowedMethods"] = json!(["GET", "HEAD"]);
            static_assets(s, platform, app, up)
        }
    };
    let mut config = json!({
        "Enabled": true,
        "Comment": format!("{} data app {}", platform.name, app.name),
        "Aliases": app.aliases,
        "HttpVersion": "http2and3",
        "IPV6Enabled": true,
        "Origins": [origin],
        "DefaultCacheBehavior": behavior,
        "ViewerCertificate": { "AcmCertificateArn": app.certificate_arn, "SslSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1.2_2021" },
        "Logging": { "Bucket": get_att(LOG_BUCKET, "DomainName"), "Prefix": format!("data-apps/{}/", app.name), "IncludeCookies": false }
    });
    if app.origin == Origin::StaticAssets {
        config["DefaultRootObject"] = json!("index.html");
    }
    match &app.web_acl_arn {
        Some(acl) => config["WebACLId"] = json!(acl),
        None => skips.push((
            "CKV_AWS_68",
            "No `web_acl_arn` given: a CLOUDFRONT-scope web ACL lives in us-east-1, outside this stack's region; the spec names one to attach",
        )),
    }
    s.add(
        &distribution,
        Resource::new("AWS::CloudFront::Distribution", json!({ "DistributionConfig": config }))
            .depends_on(&[&format!("{LOG_BUCKET}Policy")])
            .skip_checkov(&skips),
    );
    s.output(
        &format!("{id}DistributionDomainName"),
        get_att(&distribution, "DomainName"),
        &format!("CloudFront domain of data app {}: point its host names here", app.name),
    );
    aliases(s, platform, app, &distribution);
}

/// A VPC origin for an internal load balancer: CloudFront reaches it through network
/// interfaces it places in the VPC, over HTTPS only (Amazon CloudFront Developer Guide,
/// "Restrict access with VPC origins"). Those interfaces take addresses in the load
/// balancer's subnets, inside the VPC blocks an internal load balancer admits by default.
/// Returns its logical ID.
fn vpc_origin(s: &mut StackBuilder, platform: &Platform, app: &DataApp, arn: Value, port: u16) -> String {
    let id = format!("{}VpcOrigin", app.id);
    s.add(
        &id,
        Resource::new(
            "AWS::CloudFront::VpcOrigin",
            json!({ "VpcOriginEndpointConfig": {
                "Name": format!("{}-{}", platform.name, app.name),
                "Arn": arn,
                "HTTPPort": 80,
                "HTTPSPort": port,
                "OriginProtocolPolicy": "https-only",
                "OriginSSLProtocols": ["TLSv1.2"]
            } }),
        ),
    );
    id
}

/// The app's bucket, readable only by its distribution through Origin Access Control
/// (Amazon CloudFront Developer Guide, "Restrict access to an Amazon S3 origin"); returns
/// the origin.
fn static_assets(s: &mut StackBuilder, platform: &Platform, app: &DataApp, up: &Upstream) -> Value {
    let id = &app.id;
    let bucket = format!("{id}AssetsBucket");
    let control = format!("{id}OriginAccessControl");
    s.import(&up.security.key_arn);
    let properties = data_bucket_properties(
        LOG_BUCKET,
        format!("data-apps/{}-assets/", app.name),
        vec![expire_noncurrent_versions(30)],
    );
    s.add(&bucket, Resource::new("AWS::S3::Bucket", Value::Object(properties)).keep(Policy::Retain));
    let reads = Statement::allow("s3:GetObject")
        .sid("DistributionReadsAssets")
        .service("cloudfront.amazonaws.com")
        .resource(crate::render::intrinsics::sub(format!("${{{bucket}.Arn}}/*")))
        .condition(json!({ "StringEquals": { "AWS:SourceArn": distribution_arn(id) } }));
    s.add(
        format!("{bucket}Policy"),
        Resource::new("AWS::S3::BucketPolicy", tls_only_policy(&bucket, vec![reads.into()])),
    );
    s.add(
        &control,
        Resource::new(
            "AWS::CloudFront::OriginAccessControl",
            json!({ "OriginAccessControlConfig": {
                "Name": format!("{}-{}-assets", platform.name, app.name),
                "OriginAccessControlOriginType": "s3",
                "SigningBehavior": "always",
                "SigningProtocol": "sigv4"
            } }),
        ),
    );
    s.output(
        &format!("{id}AssetsBucketName"),
        r#ref(&bucket),
        &format!("Bucket of the static files of data app {}", app.name),
    );
    json!({
        "Id": "origin",
        "DomainName": get_att(&bucket, "RegionalDomainName"),
        "S3OriginConfig": { "OriginAccessIdentity": "" },
        "OriginAccessControlId": get_att(&control, "Id")
    })
}

/// A and AAAA alias records for each host name inside the public `dns` zone.
fn aliases(s: &mut StackBuilder, platform: &Platform, app: &DataApp, distribution: &str) {
    let Some(dns) = &platform.dns else {
        return;
    };
    for (n, alias) in app.aliases.iter().enumerate() {
        if !dns.publicly_holds(alias) {
            continue;
        }
        for kind in ["A", "AAAA"] {
            s.add(
                format!("{}Alias{}{kind}Record", app.id, n + 1),
                Resource::new(
                    "AWS::Route53::RecordSet",
                    json!({
                        "HostedZoneId": r#ref("HostedZone"),
                        "Name": format!("{alias}."),
                        "Type": kind,
                        "AliasTarget": { "DNSName": get_att(distribution, "DomainName"), "HostedZoneId": CLOUDFRONT_ZONE, "EvaluateTargetHealth": false }
                    }),
                ),
            );
        }
    }
}

/// CloudFront reads objects of the assets buckets, which the environment's key encrypts:
/// the key policy admits it for this account's distributions (Amazon CloudFront Developer
/// Guide, "Restrict access to an Amazon S3 origin", SSE-KMS).
pub fn key_policy() -> Vec<Statement> {
    vec![Statement::allow("kms:Decrypt")
        .sid("CloudFrontReadsDataAppAssets")
        .service("cloudfront.amazonaws.com")
        .resource("*")
        .condition(json!({ "ArnLike": { "aws:SourceArn": arn("cloudfront::${AWS::AccountId}:distribution/*") } }))]
}

