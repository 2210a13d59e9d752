//! Logical IDs of the workers stack, shared by the files that render it.

pub(super) const LOG_BUCKET: &str = "WorkerAccessLogBucket";
pub(super) const DATA_BUCKET: &str = "WorkerDataBucket";
pub(super) const CLUSTER: &str = "WorkerCluster";
pub(super) const LOG_GROUP: &str = "WorkerLogGroup";
pub(super) const VENDOR_ROLE: &str = "WorkerVendorRole";
pub(super) const FUNCTION_ROLE: &str = "WorkerFunctionRole";
pub(super) const INSTANCE_ROLE: &str = "WorkerInstanceRole";
pub(super) const TASK_ROLE: &str = "WorkerTaskRole";
pub(super) const TASK_EXECUTION_ROLE: &str = "WorkerTaskExecutionRole";

/// Tag that marks the resources the vendor may act on; IAM conditions test it.
pub(super) const WORKERS_TAG: &str = "platformctl:workers";
