# Maps the platform's workload roles to one OpenSearch security role, signed as the
# domain's master user (this function's role). Always answers CloudFormation.
import json
import os
import urllib.request

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.session import Session

ROLE = "platform_workloads"
PERMISSIONS = {
    "cluster_permissions": ["cluster_composite_ops", "cluster_monitor"],
    "index_permissions": [{"index_patterns": ["*"], "allowed_actions": ["indices_all"]}],
}


def put(endpoint, path, body):
    url = "https://" + endpoint + path
    data = json.dumps(body).encode()
    signed = AWSRequest("PUT", url, data=data, headers={"Content-Type": "application/json"})
    SigV4Auth(Session().get_credentials(), "es", os.environ["AWS_REGION"]).add_auth(signed)
    request = urllib.request.Request(url, data=data, method="PUT", headers=dict(signed.headers))
    with urllib.request.urlopen(request, timeout=20) as response:
        response.read()


def answer(event, context, status, reason):
    body = json.dumps({
        "Status": status,
        "Reason": (reason + " (log stream " + context.log_stream_name + ")")[:1000],
        "PhysicalResourceId": event.get("PhysicalResourceId") or ROLE,
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
    }).encode()
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",
                                     headers={"Content-Type": ""})
    with urllib.request.urlopen(request, timeout=20) as response:
        response.read()


def handler(event, context):
    status, reason = "SUCCESS", "mapped"
    try:
        if event["RequestType"] != "Delete":
            props = event["ResourceProperties"]
            api = "/_plugins/_security/api/"
            put(props["Endpoint"], api + "roles/" + ROLE, PERMISSIONS)
            put(props["Endpoint"], api + "rolesmapping/" + ROLE,
                {"backend_roles": sorted(props["BackendRoles"])})
    except Exception as error:  # any failure must reach CloudFormation
        status, reason = "FAILED", repr(error)
    print(json.dumps({"status": status, "reason": reason}))
    answer(event, context, status, reason)
