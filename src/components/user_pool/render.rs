//! The user pool (data stack: it holds the users), its hosted sign-in domain, the SAML
//! identity provider when the spec names one, and the web applications' OAuth client.

use serde_json::{json, Value};

use super::model::UserPool;
use super::spec::Mfa;
use crate::components::Platform;
use crate::render::intrinsics::{get_att, r#ref, sub};
use crate::render::link::Export;
use crate::render::names;
use crate::render::stack::StackBuilder;
use crate::render::template::{Policy, Resource};

const POOL: &str = "UserPool";
const SSO: &str = "UserPoolSsoProvider";
/// The identity provider's name in the pool, which the client lists.
const SSO_NAME: &str = "sso";

/// Returns the pool's ARN, exported for the APIs that authorize with it.
pub fn render(s: &mut StackBuilder, platform: &Platform, u: &UserPool) -> Export {
    s.add(
        POOL,
        Resource::new(
            "AWS::Cognito::UserPool",
            json!({
                "UserPoolName": format!("{}-users", platform.name),
                "UsernameAttributes": ["email"],
                "AutoVerifiedAttributes": ["email"],
                // Only an administrator (or the identity provider) creates users.
                "AdminCreateUserConfig": { "AllowAdminCreateUserOnly": true },
                "AccountRecoverySetting": { "RecoveryMechanisms": [{ "Name": "verified_email", "Priority": 1 }] },
                "MfaConfiguration": match u.mfa { Mfa::Required => "ON", Mfa::Optional => "OPTIONAL" },
                "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],
                "Policies": { "PasswordPolicy": {
                    "MinimumLength": 14, "RequireLowercase": true, "RequireUppercase": true,
                    "RequireNumbers": true, "RequireSymbols": true, "TemporaryPasswordValidityDays": 3
                } },
                "DeletionProtection": "ACTIVE",
                "UserPoolTags": platform_tags(platform)
            }),
        )
        .keep(Policy::Retain),
    );
    s.add(
        "UserPoolDomain",
        Resource::new(
            "AWS::Cognito::UserPoolDomain",
            json!({ "UserPoolId": r#ref(POOL), "Domain": u.domain_prefix }),
        ),
    );
    let mut providers = vec![Value::from("COGNITO")];
    if let Some(url) = &u.saml_metadata_url {
        s.add(
            SSO,
            Resource::new(
                "AWS::Cognito::UserPoolIdentityProvider",
                json!({
                    "UserPoolId": r#ref(POOL),
                    "ProviderName": SSO_NAME,
                    "ProviderType": "SAML",
                    "ProviderDetails": { "MetadataURL": url },
                    // The SAML assertion's email claim becomes the user's email.
                    "AttributeMapping": { "email": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" }
                }),
            ),
        );
        // With single sign-on, the identity provider is the only way in.
        providers = vec![Value::from(SSO_NAME)];
    }
    let mut client = Resource::new(
        "AWS::Cognito::UserPoolClient",
        json!({
            "UserPoolId": r#ref(POOL),
            "ClientName": format!("{}-web", platform.name),
            "GenerateSecret": true,
            "AllowedOAuthFlowsUserPoolClient": true,
            "AllowedOAuthFlows": ["code"],
            "AllowedOAuthScopes": ["openid", "email", "profile"],
            "CallbackURLs": u.callback_urls,
            "LogoutURLs": u.logout_urls,
            "SupportedIdentityProviders": providers,
            "PreventUserExistenceErrors": "ENABLED",
            "EnableTokenRevocation": true
        }),
    );
    if u.saml_metadata_url.is_some() {
        // The client may name the provider only once it exists.
        client = client.depends_on(&[SSO]);
    }
    s.add("UserPoolWebClient", client);
    s.output("UserPoolId", r#ref(POOL), "ID of the Cognito user pool");
    let arn = s.export(names::user_pool_arn(), get_att(POOL, "Arn"));
    s.output("UserPoolClientId", r#ref("UserPoolWebClient"), "OAuth client of the web applications");
    s.output(
        "UserPoolSignInDomain",
        sub(format!("{}.auth.${{AWS::Region}}.amazoncognito.com", u.domain_prefix)),
        "Hosted sign-in domain of the user pool",
    );
    arn
}

/// `UserPoolTags` is a map, not the tag list the stack builder adds to other resources.
fn platform_tags(platform: &Platform) -> Value {
    let mut tags = serde_json::Map::new();
    for (k, v) in &platform.tags {
        tags.insert(k.clone(), Value::from(v.clone()));
    }
    tags.insert("platformctl:environment".into(), Value::from(platform.name.clone()));
    Value::Object(tags)
}
