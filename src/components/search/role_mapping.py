# Maps workload roles to one OpenSearch role as the master user; always answers CloudFormation.
import json, os, urllib.request as u
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.session import Session

ROLE = "platform_workloads"


def put(url, body, headers, sign=False):
    data = json.dumps(body).encode()
    if sign:
        r = AWSRequest("PUT", url, data=data, headers=headers)
        SigV4Auth(Session().get_credentials(), "es", os.environ["AWS_REGION"]).add_auth(r)
        headers = dict(r.headers)
    with u.urlopen(u.Request(url, data=data, method="PUT", headers=headers), timeout=20) as r:
        r.read()


def handler(event, context):
    status, reason = "SUCCESS", "mapped"
    try:
        if event["RequestType"] != "Delete":
            p = event["ResourceProperties"]
            api, js = "https://" + p["Endpoint"] + "/_plugins/_security/api/", {"Content-Type": "application/json"}
            put(api + "roles/" + ROLE, {"cluster_permissions": ["cluster_composite_ops", "cluster_monitor"],
                "index_permissions": [{"index_patterns": ["*"], "allowed_actions": ["indices_all"]}]}, js, True)
            put(api + "rolesmapping/" + ROLE, {"backend_roles": sorted(p["BackendRoles"])}, js, True)
    except Exception as e:
        status, reason = "FAILED", repr(e)[:500]
    print(status, reason)
    put(event["ResponseURL"], {"Status": status, "Reason": reason + " (log " + context.log_stream_name + ")",
        "PhysicalResourceId": event.get("PhysicalResourceId") or ROLE, "StackId": event["StackId"],
        "RequestId": event["RequestId"], "LogicalResourceId": event["LogicalResourceId"]}, {"Content-Type": ""})
